-- One return request: a participant (by their ticket or by id), a whole
-- party (its group code) or everyone still out on a departure, marked back —
-- or one participant marked as having left the group, with a note.
--
-- Only people checked in on the departure return: a participant who is not
-- is NOT_CHECKED_IN (with the departure). One return per participant: a
-- second is answered in `already` (who, when, by whom) and writes nothing.
-- Idempotent on p_key: the request and its answer are kept
-- (return_requests); a retry with the key returns that answer (replayed),
-- the key for another request is IDEMPOTENCY_CONFLICT. Audited as
-- return.back / return.left when it recorded someone.
--
-- The ticket's signature was verified by the caller (the Rust core); here
-- only its generation is checked (a reissued code no longer names anyone).
create or replace function td_return(
    p_key uuid, p_state text, p_raw text, p_ticket bigint, p_kind text, p_participant bigint,
    p_departure bigint, p_note text, p_occurred timestamptz, p_staff bigint, p_device bigint)
returns jsonb language plpgsql as $$
declare
    q return_requests%rowtype;
    d departures%rowtype;
    v_note text := btrim(coalesce(p_note, ''));
    v_request jsonb;
    v_gen int := (p_ticket >> 48)::int;
    v_subject bigint := p_ticket & ((1::bigint << 48) - 1);
    v_booking bigint;
    v_dep bigint := p_departure;
    v_people bigint[];
    v_recorded jsonb := '[]';
    v_already jsonb := '[]';
    v_answer jsonb;
    r record;
begin
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    v_request := jsonb_build_object('state', p_state, 'raw', coalesce(p_raw, ''), 'ticket', p_ticket,
                                    'participant', p_participant, 'departure', p_departure, 'note', v_note);
    select * into q from return_requests where client_key = p_key;
    if found then
        if q.request is distinct from v_request then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return q.answer || jsonb_build_object('replayed', true);
    end if;

    if p_state is null or p_state not in ('back', 'left') then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'state', 'problem', 'back or left'));
    end if;
    perform td_check_text('note', v_note, 500, p_state = 'left', true);
    if p_state = 'left' and p_participant is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'participant',
            'problem', 'one person leaves the group at a time: name them by participant id'));
    end if;

    -- who: a ticket's holder (or its party), a participant, or everyone out
    if p_ticket is not null then
        if p_kind = 'participant' then
            select booking_id into v_booking from participants where id = v_subject;
            v_people := array[v_subject];
        else
            v_booking := v_subject;
            v_people := array(select id from participants where booking_id = v_subject order by position);
        end if;
        if v_gen < 1 or not exists (select 1 from bookings where id = v_booking) then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'ticket', 'id', p_ticket));
        end if;
        if v_gen <> (select ticket_gen from bookings where id = v_booking) then
            perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'ticket',
                'problem', 'this code was reissued and names nobody now: scan the current ticket, or return the person by participant id'));
        end if;
        v_dep := coalesce(p_departure, (select departure_id from bookings where id = v_booking));
    elsif p_participant is not null then
        select departure_id into v_dep from participants where id = p_participant;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id', p_participant));
        end if;
        v_dep := coalesce(p_departure, v_dep);
        v_people := array[p_participant];
    elsif p_departure is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'departure',
            'problem', '"everyone back" needs the departure'));
    else
        -- everyone still out (those back before are not listed again)
        v_people := array(select c.participant_id from check_ins c
                           where c.departure_id = p_departure and c.status = 'accepted'
                             and not exists (select 1 from returns x where x.participant_id = c.participant_id));
    end if;
    select * into d from departures where id = v_dep;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', v_dep));
    end if;

    -- the request first: its returns name it
    insert into return_requests (client_key, departure_id, request, staff_id, device_id, occurred_at)
    values (p_key, d.id, v_request, p_staff, p_device, p_occurred);
    for r in
        select p.id, p.name, b.booking_number,
               exists (select 1 from check_ins c where c.participant_id = p.id and c.status = 'accepted'
                                                   and c.departure_id = d.id) as went_out
          from participants p join bookings b on b.id = p.booking_id
         where p.id = any(v_people)
         order by b.booking_number, p.position
    loop
        continue when not r.went_out;
        insert into returns (participant_id, departure_id, state, note, raw_code, client_key, staff_id, device_id,
                             occurred_at)
        values (r.id, d.id, p_state, v_note, coalesce(p_raw, ''), p_key, p_staff, p_device, p_occurred)
        on conflict (participant_id) do nothing;
        if found then
            v_recorded := v_recorded || jsonb_build_object('participant_id', r.id, 'name', r.name,
                                                           'booking_number', r.booking_number);
        else
            v_already := v_already || (
                select jsonb_build_object('participant_id', r.id, 'name', r.name, 'booking_number', r.booking_number,
                                          'state', x.state, 'at', x.occurred_at, 'note', x.note,
                                          'staff', coalesce(s.name, ''), 'device', coalesce(dv.name, ''))
                  from returns x
                  left join staff s on s.id = x.staff_id
                  left join devices dv on dv.id = x.device_id
                 where x.participant_id = r.id);
        end if;
    end loop;
    -- a person named (or a party) of whom nobody went out on this departure
    if (p_ticket is not null or p_participant is not null)
       and jsonb_array_length(v_recorded) = 0 and jsonb_array_length(v_already) = 0 then
        perform td_raise('NOT_CHECKED_IN', jsonb_build_object('participant_id', v_people[1], 'departure_id', d.id));
    end if;

    v_answer := jsonb_build_object('departure_id', d.id, 'state', p_state, 'key', p_key, 'occurred_at', p_occurred,
                                   'recorded', v_recorded, 'already', v_already,
                                   'counts', td_rollcall_counts(d.id));
    update return_requests set answer = v_answer where client_key = p_key;
    if jsonb_array_length(v_recorded) > 0 then
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'return.' || p_state, d.id,
                jsonb_build_object('key', p_key, 'participants', v_recorded, 'note', v_note,
                                   'by', case when p_ticket is not null then 'ticket'
                                              when p_participant is not null then 'participant'
                                              else 'everyone' end));
    end if;
    return v_answer || jsonb_build_object('replayed', false);
end $$;
