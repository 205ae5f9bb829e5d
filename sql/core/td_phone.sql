-- A phone as stored: E.164 in the operator's country (operator_settings.
-- phone_country_code) when it is a number, else as typed, trimmed. Kept as
-- typed rather than refused: an offline sale arrives at sync with the money
-- taken and the party on the boat, a waitlist entry may carry a room number,
-- and the walk-in form already asks the clerk for a real number. A phone kept
-- as typed has no normalised form; the search still finds it by its digits.
create or replace function td_phone(p_phone text) returns text
language sql stable as $$
    select coalesce(td_phone_e164(p_phone, coalesce((select s.phone_country_code from operator_settings s), '7')),
                    btrim(coalesce(p_phone, '')))
$$;
