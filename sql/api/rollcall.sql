-- A departure's return roll-call at the server's time: everyone checked in,
-- each out, back, left (the group, with the note) or missing — out after the
-- departure's end plus the operator's grace period (missing_since is that
-- instant). With what a search needs: the booking's contact phone, each
-- person's emergency contact and medical notes. Personal data: read through a
-- session only. Counts by the same rule as td_rollcall_counts. With the
-- field laptops that checked people in on it and when each last synced.
create function api.rollcall(p_session text, p_departure bigint) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    d departures%rowtype;
    v_grace interval := (select o.return_grace from operator_settings o);
    v_after timestamptz;
    v jsonb;
begin
    perform td_authorize(p_session, 'check_in', 'read the roll-call');
    select * into d from departures where id = p_departure;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    v_after := d.ends_at + v_grace;
    with people as (
        select case when r.state is not null then r.state when now() >= v_after then 'missing' else 'out' end as state,
               b.booking_number, p.position, p.id, p.name, p.kind, b.contact_name, b.contact_phone,
               p.emergency_contact, p.medical_notes, c.occurred_at as checked_in_at,
               r.occurred_at as returned_at, coalesce(r.note, '') as note,
               coalesce(st.name, '') as returned_by, coalesce(dv.name, '') as returned_device
          from check_ins c
          join participants p on p.id = c.participant_id
          join bookings b on b.id = p.booking_id
          left join returns r on r.participant_id = p.id
          left join staff st on st.id = r.staff_id
          left join devices dv on dv.id = r.device_id
         where c.departure_id = d.id and c.status = 'accepted'
    ), lines as (
        select state, booking_number, position,
               jsonb_build_object('participant_id', id, 'name', name, 'kind', kind, 'state', state,
                                  'booking_number', booking_number, 'contact_name', contact_name,
                                  'phone', contact_phone, 'emergency_contact', emergency_contact,
                                  'medical_notes', medical_notes, 'checked_in_at', checked_in_at,
                                  'returned_at', returned_at, 'note', note, 'returned_by', returned_by,
                                  'returned_device', returned_device,
                                  'missing_since', case when state = 'missing' then v_after end) as person
          from people
    )
    select jsonb_build_object(
               'out', coalesce(jsonb_agg(person order by booking_number, position) filter (where state = 'out'), '[]'),
               'back', coalesce(jsonb_agg(person order by booking_number, position) filter (where state = 'back'), '[]'),
               'left', coalesce(jsonb_agg(person order by booking_number, position) filter (where state = 'left'), '[]'),
               'missing', coalesce(jsonb_agg(person order by booking_number, position) filter (where state = 'missing'), '[]'))
      into v
      from lines;
    return v || jsonb_build_object(
        'departure_id', d.id, 'tour', (select t.name from tours t where t.id = d.tour_id),
        'starts_at', d.starts_at, 'ends_at', d.ends_at, 'time_zone', d.time_zone,
        'grace_minutes', (extract(epoch from v_grace) / 60)::int, 'missing_after', v_after, 'as_of', now(),
        'counts', td_rollcall_counts(d.id),
        -- field laptops that checked people in here: when each last synced (what the desk sees of them is that old)
        'synced_devices', coalesce((
            select jsonb_agg(jsonb_build_object('device', dv.name, 'last_sync_at', dv.last_field_sync,
                                                'age_seconds', floor(extract(epoch from now() - dv.last_field_sync))::bigint)
                             order by dv.name)
              from devices dv
             where dv.last_field_sync is not null
               and exists (select 1 from check_ins c where c.departure_id = d.id and c.device_id = dv.id)), '[]'));
end $$;
