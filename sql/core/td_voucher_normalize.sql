-- A voucher code as typed: case, spaces and dashes forgiven, and a missing
-- `V-` prefix (`v abcde fghjk`, `VABCDEFGHJK` and `abcdefghjk` are one code).
create or replace function td_voucher_normalize(p_code text) returns text
language sql immutable as $$
    select case
        when length(c) = 11 and left(c, 1) = 'V' then 'V-' || substr(c, 2, 5) || '-' || substr(c, 7, 5)
        when length(c) = 10 then 'V-' || left(c, 5) || '-' || right(c, 5)
        else c
    end
      from (select upper(regexp_replace(coalesce(p_code, ''), '[\s-]', '', 'g')) as c) x
$$;
