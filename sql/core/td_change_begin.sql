-- The start of every change of a booking (api.booking_change,
-- api.participant_change, api.booking_add_person, api.booking_remove_person):
-- the departure's row locked `for update`, then the booking's, as every write
-- of a booking (td_lock_booking: the departure the booking is on under the
-- lock); td_lock_open too when the change takes or gives seats or money (a
-- departure that no longer sells refuses it). A key used before answers
-- `prior` (the booking_changes row) instead: the same request replays it,
-- anything else under the key is IDEMPOTENCY_CONFLICT. The key is looked up
-- before the lock (a replay needs no lock, and answers even after the
-- departure left) and again under it (two retries racing: the second waits,
-- then finds the first).
create or replace function td_change_begin(p_key uuid, p_booking_number text, p_kind text, p_request jsonb,
                                           p_open boolean, out booking_id bigint, out prior bigint)
language plpgsql as $$
declare
    b bookings%rowtype;
    c booking_changes%rowtype;
begin
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a change needs a key'));
    end if;
    select * into b from bookings x where x.booking_number = p_booking_number;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'booking', 'id', p_booking_number));
    end if;
    for i in 1..2 loop
        select * into c from booking_changes x where x.client_key = p_key;
        if found then
            if c.booking_id <> b.id or c.kind <> p_kind or c.request <> p_request then
                perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key,
                                 'booking_number', (select x.booking_number from bookings x where x.id = c.booking_id)));
            end if;
            booking_id := b.id;
            prior := c.id;
            return;
        end if;
        exit when i = 2;
        -- the departure it is on under the lock (a move may take it elsewhere meanwhile)
        b := td_lock_booking(b.id);
        if p_open then
            perform td_lock_open(b.departure_id);
        end if;
    end loop;
    select * into b from bookings x where x.id = b.id for update;
    if b.status = 'cancelled' then
        perform td_raise('BOOKING_CANCELLED', jsonb_build_object('booking_number', b.booking_number));
    end if;
    booking_id := b.id;
    prior := null;
end $$;
