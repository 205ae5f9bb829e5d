-- The distinct words of name_search_words that start with any of the keys
-- (one per keyboard layout the text was read in), in the index's order: a
-- loose index scan, one descent per distinct word, since PostgreSQL 15 has
-- no skip scan. A 4-letter prefix over 200,000 bookings is a few dozen
-- words against thousands of rows. Used by td_find_names' prefix step.
create or replace function td_prefix_words(p_keys text[])
returns table (word text)
language sql stable as $$
    with recursive k(key) as (
        select distinct x from unnest(p_keys) x where x is not null and x <> ''
    ), w(key, word) as (
        select k.key,
               (select s.word from name_search_words s
                 where s.word >= k.key and s.word < k.key || chr(1114111)
                 order by s.word limit 1)
          from k
        union all
        select w.key,
               (select s.word from name_search_words s
                 where s.word > w.word and s.word < w.key || chr(1114111)
                 order by s.word limit 1)
          from w
         where w.word is not null
    )
    select distinct w.word collate "C" from w where w.word is not null
$$;
