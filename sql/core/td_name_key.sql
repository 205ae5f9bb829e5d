-- A name as the search compares it: lower case, ё as е, Cyrillic spelled in
-- Latin letters, and the spellings that transliterations disagree on made
-- one — so `Иванов`, `IVANOV` and `Ivanov` are `ivanov`, `Юлия`, `Yulia` and
-- `Julia` are `iulia`, `Хабаров` and `Khabarov` `habarov`, `Цой` and `Tsoy`
-- `coi`. The search applies it to what was typed (and to what was typed on the
-- other keyboard layout), the stored keys apply it to the names
-- (bookings.name_words, participants.name_words: generated columns of
-- migration 0019). A change of these rules must recompute those columns in a
-- migration (`update … set contact_name = contact_name`), or old rows keep
-- the old keys.
create or replace function td_name_key(p_name text) returns text
language plpgsql immutable parallel safe as $$
declare
    t text := translate(lower(coalesce(p_name, '')), 'ё', 'е');
begin
    -- Cyrillic letters written with more than one Latin letter, then the rest
    t := replace(replace(replace(replace(t, 'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts');
    t := replace(replace(replace(replace(t, 'ч', 'ch'), 'ш', 'sh'), 'ю', 'yu'), 'я', 'ya');
    t := translate(t, 'абвгдезийклмнопрстуфыэіїєъь', 'abvgdeziiklmnoprstufyeiie');
    -- one spelling for each sound: Aleksey/Alexei, Andreyev/Andreev,
    -- Pyotr/Petr (ё), Shchukin/Schukin, Mikhail/Mihail, Tsoy/Tzoi,
    -- Yuri/Juri/Iuri, Ivanow
    t := replace(replace(replace(replace(t, 'x', 'ks'), 'ye', 'e'), 'yo', 'e'), 'shch', 'sh');
    t := replace(replace(replace(replace(t, 'sch', 'sh'), 'kh', 'h'), 'tz', 'c'), 'ts', 'c');
    t := translate(t, 'yjwq', 'iivk');
    t := regexp_replace(t, '[^a-z0-9]+', ' ', 'g');
    -- Yekaterina/Iekaterina/Екатерина; Dmitriy/Dmitrii/Dmitry; Alla/Ala
    t := regexp_replace(t, '\mie', 'e', 'g');
    t := regexp_replace(t, '([a-z])\1+', '\1', 'g');
    return btrim(t);
end $$;
