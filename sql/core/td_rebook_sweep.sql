-- The sweep's part of weather cases: every party of the departure still
-- open after its due time is refunded in full (td_rebook_refund, outcome
-- `swept`), in order of booking, under the departure's lock (the caller's).
-- The key is derived from the booking's, so two sweepers never refund twice
-- (the second finds the case closed and skips it). Returns how many.
create or replace function td_rebook_sweep(p_departure bigint, p_staff bigint, p_device bigint) returns int
language plpgsql as $$
declare
    r rebookings%rowtype;
    v_swept int := 0;
begin
    for r in select * from rebookings
              where departure_id = p_departure and status = 'open' and due_at <= clock_timestamp()
              order by booking_id loop
        perform td_rebook_refund(r.booking_id, 'swept',
                                 md5((select b.idempotency_key::text from bookings b where b.id = r.booking_id)
                                     || ':rebook')::uuid,
                                 p_staff, p_device);
        v_swept := v_swept + 1;
    end loop;
    return v_swept;
end $$;
