-- Customers and search (issue 13): contacts normalised at write time and the
-- keys one search over every booking needs, kept by the database itself.
--
-- Phones: E.164 in the operator's country calling code (7 unless set), the
-- way the time zone of 0016 is the operator's; a text that is not a number is
-- kept as typed (td_phone says why). E-mails: lower-cased and trimmed. Both by
-- one trigger function on every table that carries a contact, so no write
-- path can skip it (td_contact_normalize).
--
-- Search keys as generated columns rather than columns the write functions
-- fill: nothing that writes a name or a phone — now or later — can forget
-- them. Names go through td_name_key (Latin, one spelling per sound) into a
-- tsvector of the 'simple' configuration: a GIN index answers whole words and
-- word prefixes (`ivan` finds Ivanov and Ivanova), in any order, without an
-- extension. pg_trgm was the alternative; its substring match finds `nov`
-- inside every -nov surname, which a desk never means and which made the
-- common searches scan thousands of rows. Phones are kept reversed, digits
-- only, in the C collation, so "ends with these ≥ 4 digits" is a range on a
-- btree (a LIKE with a parameter cannot use the index in a cached plan).

alter table operator_settings
    add column phone_country_code text not null default '7' check (phone_country_code ~ '^[1-9][0-9]{0,2}$');

-- the file in sql/core takes over after the migrations; these are needed now
-- (the generated columns and the backfill below call them)
create or replace function td_phone_e164(p_phone text, p_country text) returns text
language plpgsql immutable parallel safe as $$
declare
    t text := btrim(coalesce(p_phone, ''));
    d text;
begin
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

create or replace function td_phone(p_phone text) returns text
language sql stable as $$
    select coalesce(td_phone_e164(p_phone, coalesce((select s.phone_country_code from operator_settings s), '7')),
                    btrim(coalesce(p_phone, '')))
$$;

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

create or replace function td_name_key(p_name text) returns text
language plpgsql immutable parallel safe as $$
declare
    t text := translate(lower(coalesce(p_name, '')), 'ё', 'е');
begin
    t := replace(replace(replace(replace(t, 'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts');
    t := replace(replace(replace(replace(t, 'ч', 'ch'), 'ш', 'sh'), 'ю', 'yu'), 'я', 'ya');
    t := translate(t, 'абвгдезийклмнопрстуфыэіїєъь', 'abvgdeziiklmnoprstufyeiie');
    t := replace(replace(replace(replace(t, 'x', 'ks'), 'ye', 'e'), 'yo', 'e'), 'shch', 'sh');
    t := replace(replace(replace(replace(t, 'sch', 'sh'), 'kh', 'h'), 'tz', 'c'), 'ts', 'c');
    t := translate(t, 'yjwq', 'iivk');
    t := regexp_replace(t, '[^a-z0-9]+', ' ', 'g');
    t := regexp_replace(t, '\mie', 'e', 'g');
    t := regexp_replace(t, '([a-z])\1+', '\1', 'g');
    return btrim(t);
end $$;

create trigger bookings_contact_normalize before insert or update of contact_phone, contact_email on bookings
    for each row execute function td_contact_normalize();
create trigger waitlist_contact_normalize before insert or update of phone, email on waitlist_entries
    for each row execute function td_contact_normalize();

-- existing rows, through the trigger (a phone that is not a number stays)
update bookings set contact_phone = contact_phone, contact_email = contact_email
 where contact_phone <> td_phone(contact_phone) or contact_email <> lower(btrim(contact_email));
update waitlist_entries set phone = phone, email = email
 where phone <> td_phone(phone) or email <> lower(btrim(email));

alter table bookings
    add column phone_rev text collate "C"
        generated always as (reverse(regexp_replace(contact_phone, '[^0-9]', '', 'g'))) stored,
    add column name_words tsvector
        generated always as (to_tsvector('simple'::regconfig, td_name_key(contact_name))) stored;
alter table participants
    add column name_words tsvector
        generated always as (to_tsvector('simple'::regconfig, td_name_key(name))) stored;

create index bookings_phone_rev on bookings (phone_rev) where phone_rev <> '';
create index bookings_email on bookings (contact_email collate "C") where contact_email <> '';
create index bookings_confirmation_code on bookings (confirmation_code);
create index bookings_name_words on bookings using gin (name_words);
create index participants_name_words on participants using gin (name_words);
