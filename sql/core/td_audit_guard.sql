-- Append-only audit_log: refuses UPDATE, DELETE and TRUNCATE for everyone,
-- the owner and superusers included (they can disable the trigger, which the
-- chain then exposes). The one update allowed is the sealer's: it sets seq,
-- prev_hash and hash of a row where all three were still null.
-- Triggers: audit_log_append_only (rows), audit_log_no_truncate (statement).
create or replace function td_audit_guard() returns trigger
language plpgsql as $$
begin
    if tg_level = 'STATEMENT' then  -- TRUNCATE
        perform td_raise('FORBIDDEN', jsonb_build_object(
            'what', 'audit_log', 'operation', 'truncate',
            'message', 'the audit log is append-only: it is never truncated'));
    end if;
    if tg_op = 'UPDATE'
       and old.seq is null and old.prev_hash is null and old.hash is null
       and new.seq is not null and new.prev_hash is not null and new.hash is not null
       and (to_jsonb(new) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(old) - 'seq' - 'prev_hash' - 'hash') then
        return new; -- sealing: the chain columns go from null to a value, nothing else changes
    end if;
    perform td_raise('FORBIDDEN', jsonb_build_object(
        'what', 'audit_log', 'operation', lower(tg_op), 'id', old.id,
        'message', 'the audit log is append-only: rows are never updated or deleted'));
    return null;
end $$;
