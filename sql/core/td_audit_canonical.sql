-- The canonical text of an audit row that its hash covers: the row as JSON
-- without the chain columns, so columns added later are covered without
-- touching this function; top-level nulls are left out, so adding a nullable
-- column does not change the hash of rows sealed before it existed. JSON
-- renders timestamptz in the session's time zone: TimeZone is pinned to UTC
-- so every session computes the same text. The chain:
--     hash = sha256(prev_hash || td_audit_canonical(row))
-- with prev_hash of the first row 32 zero bytes (see td_audit_seal).
create or replace function td_audit_canonical(r audit_log) returns text
language sql stable
set timezone to 'UTC'
as $$
    select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)::text
      from jsonb_each(to_jsonb(r) - 'seq' - 'prev_hash' - 'hash') e
     where jsonb_typeof(e.value) <> 'null'
$$;
