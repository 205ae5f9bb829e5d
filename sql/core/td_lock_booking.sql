-- Locks a booking the way every write of it must (migration 0021): its
-- departure `for update` — with p_other, both, in ascending id order, the
-- one order two departures are ever locked in — then the booking itself.
-- The booking's departure is read before its lock, and a move may take the
-- booking elsewhere meanwhile: then the departure locks are given back (a
-- subtransaction rolled back releases them) and taken again on the
-- departure it is on now. Keeping the stale lock and adding the new one
-- would lock two departures out of order — the deadlock the order exists
-- to prevent. NOT_FOUND when there is no such booking.
create or replace function td_lock_booking(p_booking bigint, p_other bigint default null) returns bookings
language plpgsql as $$
declare
    b bookings%rowtype;
    v_dep bigint;
begin
    for attempt in 1..5 loop
        select departure_id into v_dep from bookings where id = p_booking;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking));
        end if;
        begin
            perform 1 from departures where id in (v_dep, p_other) order by id for update;
            select * into b from bookings where id = p_booking for update;
            if b.departure_id <> v_dep then
                raise exception using errcode = 'TDMV1', message = 'the booking moved while its departure was locked';
            end if;
            return b;
        exception when sqlstate 'TDMV1' then
            null;
        end;
    end loop;
    raise exception using errcode = '55P03', message = 'the booking keeps moving: try again';
end $$;
