-- The name part of api.find, in bounded steps (migration 0025): the
-- bookings whose contact's or participant's name has every word typed as a
-- whole word (rank 5), newest first; then, only while the page has room,
-- those whose name has words starting with every word typed (rank 6),
-- newest first. Bookings in p_skip (already on the page by a better match)
-- are left out; at most p_limit rows, in order.
--
-- Each key (p_drive: one per keyboard layout the text was read in) enters
-- name_search_words at its longest word, the likeliest to be rare: an exact
-- word is read in the index's own order (word, newest first), so the scan
-- stops at the page's last row — the newest 20 of 5,000 Ivanovs cost 20
-- index tuples plus the names the other words rule out. A prefix is a range
-- of distinct words, each read the same way (td_prefix_words); it is
-- reached only when the whole words did not fill the page. The other words of the query are checked on the tsvector
-- stored in the index (p_words, p_prefix: one tsquery over every key).
-- Which name matched is found afterwards for the page's rows alone: the
-- contact's if it matches, else the first participant's that does.
create or replace function td_find_names(p_words tsquery, p_prefix tsquery, p_drive text[], p_skip bigint[],
                                         p_limit int)
returns table (booking_id bigint, rank integer, matched text, matched_text text)
language plpgsql stable as $$
#variable_conflict use_column
declare
    v_whole bigint[] := '{}';
    v_start bigint[] := '{}';
begin
    if p_words is null or p_limit < 1 then
        return;
    end if;
    -- one branch per key, each in the index's order: merged, not sorted
    select coalesce(array_agg(h.booking_id order by h.created_at desc, h.booking_id desc), '{}')
      into v_whole
      from (select distinct on (m.created_at, m.booking_id) m.booking_id, m.created_at
              from (select s.booking_id, s.created_at
                      from name_search_words s
                     where s.word = p_drive[1] and s.name_words @@ p_words
                    union all
                    select s.booking_id, s.created_at
                      from name_search_words s
                     where s.word = p_drive[2] and s.name_words @@ p_words) m
             where m.booking_id <> all(p_skip)
             order by m.created_at desc, m.booking_id desc
             limit p_limit) h;
    if cardinality(v_whole) < p_limit then
        -- a prefix is a range of distinct words (Иван: иван, ивана, иванов,
        -- иванова, ивановна…): each is reached by one descent of the index
        -- (a loose index scan) and read newest first up to the page's room,
        -- so the cost is words × room, not every booking in the range
        -- sorted (bench: 4-letter prefix p99 76 ms sorting ~5,000 rows)
        select coalesce(array_agg(h.booking_id order by h.created_at desc, h.booking_id desc), '{}')
          into v_start
          from (select distinct on (m.created_at, m.booking_id) m.booking_id, m.created_at
                  from td_prefix_words(p_drive) w
                  cross join lateral
                       (select s.booking_id, s.created_at
                          from name_search_words s
                         where s.word = w.word and s.name_words @@ p_prefix
                           and s.booking_id <> all(p_skip) and s.booking_id <> all(v_whole)
                         order by s.created_at desc, s.booking_id desc
                         limit p_limit - cardinality(v_whole)) m
                 order by m.created_at desc, m.booking_id desc
                 limit p_limit - cardinality(v_whole)) h;
    end if;
    return query
    select b.id, h.rank,
           case when b.name_words @@ h.q then 'name' else 'participant' end,
           case when b.name_words @@ h.q then b.contact_name
                else (select p.name from participants p
                       where p.booking_id = b.id and p.name_words @@ h.q
                       order by p.position limit 1) end
      from (select u.id, u.n, 5 as rank, p_words as q from unnest(v_whole) with ordinality u(id, n)
            union all
            select u.id, cardinality(v_whole) + u.n, 6, p_prefix from unnest(v_start) with ordinality u(id, n)) h
      join bookings b on b.id = h.id
     order by h.n;
end $$;
