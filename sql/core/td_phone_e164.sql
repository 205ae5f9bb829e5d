-- A phone as E.164 (`+79141234567`), or null when the text is not a phone
-- number: `8 914 123-45-67`, `+7 914 1234567` and `89141234567` are one
-- number for an operator whose country calling code (p_country) is 7.
-- Immutable (the country is an argument), so a migration and the search can
-- use it on any text; td_phone gives it the operator's setting.
--
-- No numbering plan of every country here, only what tells a number apart
-- as typed at a desk: a leading `+` or `00` is international as written;
-- Russia's trunk `8` (11 digits) is `+7`; another trunk `0` is dropped; 11
-- digits or more that start with the operator's code are that code without
-- the `+`; anything shorter is a national number of the operator's country.
-- E.164 allows 8 to 15 digits with the country code: outside that it is not
-- a number we can dial (`+7900`, an extension, a hotel room).
create or replace function td_phone_e164(p_phone text, p_country text) returns text
language plpgsql immutable parallel safe as $$
declare
    t text := btrim(coalesce(p_phone, ''));
    d text;
begin
    -- what a number is written with: digits, one leading +, separators
    if t !~ '^\+?[0-9][0-9 ()./-]*$' then
        return null;
    end if;
    d := regexp_replace(t, '[^0-9]', '', 'g');
    if left(t, 1) = '+' then
        null;
    elsif left(d, 2) = '00' then
        d := substr(d, 3);
    elsif p_country = '7' and length(d) = 11 and left(d, 1) = '8' then
        d := '7' || substr(d, 2);
    elsif left(d, 1) = '0' then
        d := p_country || substr(d, 2);
    elsif not (length(d) >= 11 and left(d, length(p_country)) = p_country) then
        d := p_country || d;
    end if;
    if length(d) < 8 or length(d) > 15 or left(d, 1) = '0' then
        return null;
    end if;
    return '+' || d;
end $$;
