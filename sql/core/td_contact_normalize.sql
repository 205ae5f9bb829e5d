-- Phones to E.164 (td_phone) and e-mails lower-cased and trimmed, at write
-- time, on every row that carries a contact: a trigger rather than a call in
-- each write function, so no path that writes a booking or a waitlist entry —
-- a sale, an offline sale at sync, a waitlist join, a change of contact made
-- later — can store a phone the search would miss. Triggers:
-- bookings_contact_normalize, waitlist_contact_normalize (migration 0019).
create or replace function td_contact_normalize() returns trigger
language plpgsql as $$
begin
    if tg_table_name = 'bookings' then
        new.contact_phone := td_phone(new.contact_phone);
        new.contact_email := lower(btrim(new.contact_email));
    else
        new.phone := td_phone(new.phone);
        new.email := lower(btrim(new.email));
    end if;
    return new;
end $$;
