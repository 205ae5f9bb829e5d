-- Mark (or clear) a no-show by hand.
create or replace function td_set_no_show(p_participant bigint, p_no_show boolean, p_reason text, p_staff bigint,
                               p_device bigint) returns void
language plpgsql as $$
declare
    p participants%rowtype;
begin
    select * into p from participants where id = p_participant for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'participant', 'id', p_participant));
    end if;
    if p_no_show and exists (select 1 from check_ins where participant_id = p_participant and status = 'accepted') then
        perform td_raise('ALREADY_CHECKED_IN', td_check_in_info(p_participant));
    end if;
    update participants
       set no_show = p_no_show, no_show_reason = case when p_no_show then p_reason else '' end,
           no_show_at = case when p_no_show then clock_timestamp() end
     where id = p_participant;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (p_staff, p_device, case when p_no_show then 'participant.no_show' else 'participant.no_show_cleared' end,
            p.departure_id, p.booking_id, jsonb_build_object('participant_id', p_participant, 'reason', p_reason));
end $$;
