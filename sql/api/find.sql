-- One search over every booking, past and future departures alike: booking
-- number, confirmation code, phone (any way typed, or its last ≥ 4 digits),
-- e-mail, contact or participant name — names whatever the case, ё or е,
-- keyboard layout (`bdfyjd` is `иванов` typed on the Latin layout) or
-- transliteration (`Ivanov` finds `Иванов`: td_name_key). Best match first
-- (rank: 1 number or code, 2 the whole phone or e-mail, 3 a phone's last
-- digits, 4 the start of an e-mail, 5 every word of a name typed whole, 6 a
-- name whose words start with the words typed), then the newest booking; a
-- booking once, by its best match. For a session that may read (every role:
-- a guide at the gate looks people up too).
--
-- In bounded steps, so that a common name costs a page, not all its
-- matches: numbers, phones and e-mails first (each one indexed lookup of a
-- few rows), then names by td_find_names, which reads whole-word matches
-- newest first and stops when the page is full, and looks at prefixes only
-- if it is not (migration 0025). The answer is the one "rank everything,
-- then sort" would give; it is only computed on less.
--
-- Each lookup is written so that a cached generic plan still uses its
-- index: ranges rather than LIKE with a parameter, and a tsquery built here
-- rather than text matched row by row. The phone and e-mail indexes are
-- partial (`<> ''`): each lookup repeats that condition, or the planner,
-- unable to prove it from a parameter, scans the table (bench search: e-mail
-- p50 35 ms without it, on a quiet machine over 200,000 bookings).
create function api.find(p_session text, p_text text, p_limit int)
returns setof booking_found
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    -- the keys of the two layouts, in the same order (ЙЦУКЕН over QWERTY)
    c_latin constant text := 'qwertyuiop[]asdfghjkl;''zxcvbnm,.`';
    c_cyrillic constant text := 'йцукенгшщзхъфывапролджэячсмитьбюё';
    q text := btrim(coalesce(p_text, ''));
    v_limit int := least(greatest(coalesce(p_limit, 20), 1), 200);
    v_code text;
    v_numbers text[];
    v_digits text;
    v_e164 text;
    v_email text;
    v_keys text[];
    v_prefix tsquery;
    v_words tsquery;
    v_drive text[];
    v_common text[];
    v_ids bigint[];
    v_ranks int[];
    v_matched text[];
    v_texts text[];
begin
    perform td_authorize(p_session, 'read', 'search bookings');
    if length(q) > 200 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'search', 'problem', 'longer than 200 characters'));
    end if;
    if q = '' then
        return;
    end if;

    -- a number or a code as typed or scanned on the Russian layout: TD-7KX9PQ, td 7kx9pq, 7KX9PQ
    v_code := upper(regexp_replace(translate(lower(q), c_cyrillic, c_latin), '[[:space:]-]', '', 'g'));
    v_numbers := array[v_code, 'TD-' || v_code,
                       case when v_code like 'TD%' then 'TD-' || substr(v_code, 3) end];

    -- a phone: separators allowed, at least 4 digits
    if q ~ '^\+?[0-9][0-9 ()./-]*$' then
        v_digits := regexp_replace(q, '[^0-9]', '', 'g');
        if length(v_digits) < 4 then
            v_digits := null;
        end if;
        v_e164 := td_phone_e164(q, coalesce((select s.phone_country_code from operator_settings s), '7'));
    end if;

    if position('@' in q) > 0 then
        v_email := lower(q);
    end if;

    -- names: as typed, and as the same keys would have typed on the other
    -- layout; not for an e-mail, whose pieces (`mail`, `ru`) are prefixes of
    -- thousands of names: bench search measured e-mail queries at 6x the
    -- p50 of a name query until they were kept out
    v_keys := case when v_email is null then array[td_name_key(q),
                    case when q ~ '[a-zA-Z]' and q !~ '[а-яА-ЯёЁ]' then td_name_key(translate(lower(q), c_latin, c_cyrillic)) end,
                    case when q ~ '[а-яА-ЯёЁ]' and q !~ '[a-zA-Z]' then td_name_key(translate(lower(q), c_cyrillic, c_latin)) end] end;
    -- where a key enters name_search_words: its rarest word (td_find_names
    -- reads that word's rows newest first and checks the others on each).
    -- Rarity from the column's most common values as ANALYZE keeps them,
    -- most common first; a word not among them is rarer than all of them,
    -- and ties go to the longest word. Asked only for a query of several
    -- words (pg_stats costs ~1 ms): "Дмитрий Попов" driven by its longest
    -- word read every Dmitri to find the Popovs (10 ms warm; 22 ms p99 kinds
    -- in bench search), by the surname 3 ms.
    if v_keys[1] like '% %' then
        v_common := (select s.most_common_vals::text::text[] from pg_stats s
                      where s.schemaname = 'public' and s.tablename = 'name_search_words' and s.attname = 'word');
    end if;
    select string_agg('(' || p || ')', ' | '), string_agg('(' || w || ')', ' | '),
           array_agg(drive order by n)
      into v_prefix, v_words, v_drive
      from (select n, string_agg(word || ':*', ' & ') as p, string_agg(word, ' & ') as w,
                   (array_agg(word order by coalesce(array_position(v_common, word), 2147483647) desc,
                                            length(word) desc, m desc))[1] as drive
              from unnest(v_keys) with ordinality as k(key, n),
                   regexp_split_to_table(key, ' ') with ordinality as s(word, m)
             where length(key) >= 2 and word <> ''
             group by n) per_key;

    with hits as (
        select b.id, 1 as rank, 'booking_number' as matched, b.booking_number as matched_text
          from bookings b where b.booking_number = any(v_numbers)
        union all
        select b.id, 1, 'confirmation_code', b.confirmation_code
          from bookings b where b.confirmation_code = v_code
        union all
        select b.id, 2, 'phone', b.contact_phone
          from bookings b where v_e164 is not null and b.phone_rev <> '' and b.phone_rev = reverse(substr(v_e164, 2))
        union all
        select b.id, 3, 'phone', b.contact_phone
          from bookings b
         where v_digits is not null
           and b.phone_rev <> '' and b.phone_rev >= reverse(v_digits) and b.phone_rev < reverse(v_digits) || ':'
        union all
        select b.id, case when b.contact_email = v_email then 2 else 4 end, 'email', b.contact_email
          from bookings b
         where v_email is not null
           and b.contact_email <> ''
           and (b.contact_email collate "C") >= v_email and (b.contact_email collate "C") < v_email || chr(1114111)
    ), best as (
        select distinct on (h.id) h.id, h.rank, h.matched, h.matched_text
          from hits h
         order by h.id, h.rank
    ), top as (
        select best.*, b.created_at
          from best join bookings b on b.id = best.id
         order by best.rank, b.created_at desc, best.id desc
         limit v_limit
    )
    select coalesce(array_agg(top.id order by top.rank, top.created_at desc, top.id desc), '{}'),
           coalesce(array_agg(top.rank order by top.rank, top.created_at desc, top.id desc), '{}'),
           coalesce(array_agg(top.matched order by top.rank, top.created_at desc, top.id desc), '{}'),
           coalesce(array_agg(top.matched_text order by top.rank, top.created_at desc, top.id desc), '{}')
      into v_ids, v_ranks, v_matched, v_texts
      from top;

    select v_ids || coalesce(array_agg(n.booking_id order by n.k), '{}'),
           v_ranks || coalesce(array_agg(n.rank order by n.k), '{}'),
           v_matched || coalesce(array_agg(n.matched order by n.k), '{}'),
           v_texts || coalesce(array_agg(n.matched_text order by n.k), '{}')
      into v_ids, v_ranks, v_matched, v_texts
      from td_find_names(v_words, v_prefix, v_drive, v_ids, v_limit - cardinality(v_ids))
           with ordinality as n(booking_id, rank, matched, matched_text, k);

    return query select * from td_found(v_ids, v_ranks, v_matched, v_texts);
end $$;
