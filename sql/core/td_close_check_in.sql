-- Close a departure's check-in: everyone of a live booking not admitted is a
-- no-show. Not before check-in opens unless forced (a slip of the key would
-- mark everyone a no-show and close sales). A second close returns the first
-- result.
create or replace function td_close_check_in(p_departure bigint, p_window interval, p_force boolean, p_staff bigint,
                                  p_device bigint,
                                  out admitted int, out no_shows int, out closed_at timestamptz,
                                  out already boolean)
language plpgsql as $$
declare
    d departures%rowtype;
begin
    select * into d from departures where id = p_departure for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
    end if;
    already := d.check_in_closed_at is not null;
    if not already and not p_force and clock_timestamp() < d.starts_at - p_window then
        perform td_raise('CHECK_IN_NOT_OPEN', jsonb_build_object('departure_id', p_departure,
                                                                 'opens_at', d.starts_at - p_window));
    end if;
    if not already then
        -- a scan in progress holds its participants' rows: wait for it, then
        -- decide in a fresh statement that sees its check-in
        perform 1 from participants where departure_id = p_departure order by id for update;
        update participants p
           set no_show = true, no_show_reason = 'not checked in when check-in closed',
               no_show_at = clock_timestamp()
          from bookings b
         where b.id = p.booking_id and b.status = 'confirmed' and p.departure_id = p_departure and not p.no_show
           and not exists (select 1 from check_ins c where c.participant_id = p.id and c.status = 'accepted');
        update departures set check_in_closed_at = clock_timestamp(),
                              status = case when status = 'scheduled' then 'closed' else status end
         where id = p_departure;
    end if;
    select check_in_closed_at into closed_at from departures where id = p_departure;
    select count(*) filter (where c.id is not null), count(*) filter (where p.no_show)
      into admitted, no_shows
      from participants p join bookings b on b.id = p.booking_id and b.status = 'confirmed'
      left join check_ins c on c.participant_id = p.id and c.status = 'accepted'
     where p.departure_id = p_departure;
    if not already then
        insert into audit_log (staff_id, device_id, action, departure_id, details)
        values (p_staff, p_device, 'check_in.closed', p_departure,
                jsonb_build_object('admitted', admitted, 'no_shows', no_shows, 'forced', p_force));
    end if;
end $$;
