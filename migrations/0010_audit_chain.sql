-- The audit trail becomes append-only and hash-chained (issue 11, "Audit").
--
-- Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE of audit_log for
-- everyone, the owner and superusers included (they can disable the trigger,
-- which the chain then exposes). The one update allowed is the sealer's: it
-- sets seq, prev_hash and hash of a row where all three were still null.
--
-- Hash-chained, lazily: inserting a row takes no chain lock, so bookings of
-- different departures still commit in parallel (a chain position taken at
-- insert time would serialise every writer through its commit). Rows are born
-- unsealed; td_audit_seal() later gives each committed unsealed row, in id
-- order, the next position:
--     hash = sha256(prev_hash || td_audit_canonical(row))
-- with prev_hash of the first row 32 zero bytes. The canonical text is the
-- row as JSON without the chain columns, so columns added later are covered
-- without touching this file; top-level nulls are left out, so adding a
-- nullable column does not change the hash of rows sealed before it existed.
-- JSON renders timestamptz in the session's time zone: the functions pin
-- TimeZone to UTC so every session computes the same text.

alter table audit_log
    add column seq       bigint unique,
    add column prev_hash bytea,
    add column hash      bytea,
    add constraint audit_log_sealed_whole check (
        (seq is null and prev_hash is null and hash is null)
        or (seq is not null and prev_hash is not null and hash is not null));

-- the sealer's work list stays small and indexed
create index audit_log_unsealed on audit_log (id) where seq is null;

create function td_audit_canonical(r audit_log) returns text
language sql stable
set timezone to 'UTC'
as $$
    select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)::text
      from jsonb_each(to_jsonb(r) - 'seq' - 'prev_hash' - 'hash') e
     where jsonb_typeof(e.value) <> 'null'
$$;

create function td_audit_guard() returns trigger
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

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function td_audit_guard();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function td_audit_guard();

-- Seals every committed unsealed row, in id order, continuing the chain from
-- the last sealed row; returns how many it sealed. One sealer at a time (a
-- transaction-scoped advisory lock). p_wait => false returns 0 at once when
-- another sealer is at work (the sweeper uses it: the other one does the job).
create function td_audit_seal(p_wait boolean default true) returns int
language plpgsql security definer
set search_path = pg_catalog, public, pg_temp
set timezone to 'UTC'
as $$
declare
    v_seq  bigint;
    v_prev bytea;
    v_hash bytea;
    v_n    int := 0;
    r      audit_log%rowtype;
begin
    if p_wait then
        perform pg_advisory_xact_lock(7405470100);  -- 'td audit', any fixed key
    elsif not pg_try_advisory_xact_lock(7405470100) then
        return 0;
    end if;
    -- a fresh snapshot after the lock (READ COMMITTED): the previous sealer's
    -- rows are visible; rows of transactions still open are not, and wait
    select a.seq, a.hash into v_seq, v_prev from audit_log a where a.seq is not null order by a.seq desc limit 1;
    v_seq := coalesce(v_seq, 0);
    v_prev := coalesce(v_prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    for r in select * from audit_log a where a.seq is null order by a.id loop
        v_seq := v_seq + 1;
        v_hash := sha256(v_prev || convert_to(td_audit_canonical(r), 'UTF8'));
        update audit_log set seq = v_seq, prev_hash = v_prev, hash = v_hash where id = r.id;
        v_prev := v_hash;
        v_n := v_n + 1;
    end loop;
    return v_n;
end $$;

-- Walks the chain in seq order. Returns one row: the counts, the head (last
-- sealed seq and its hash: an anchor to write down), and the first broken row
-- if any — problem is 'gap' (a position missing: a row deleted, or seq
-- rewritten), 'prev_mismatch' (prev_hash is not the hash of the row before:
-- rows removed, reordered or re-hashed), 'hash_mismatch' (the row's content
-- is not what was sealed: edited), or, for an intact chain given an anchor
-- written down earlier, 'anchor_mismatch' (the row at p_anchor_seq is missing
-- or has another hash: the chain was recomputed after an edit).
create function td_audit_verify(
    p_anchor_seq bigint default null, p_anchor_hash bytea default null,
    out sealed bigint, out unsealed bigint, out head_seq bigint, out head_hash bytea,
    out broken_seq bigint, out broken_id bigint, out problem text)
language plpgsql stable security definer
set search_path = pg_catalog, public, pg_temp
set timezone to 'UTC'
as $$
declare
    v_expect bigint := 1;
    v_prev   bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    r        audit_log%rowtype;
begin
    sealed := 0;
    select count(*) into unsealed from audit_log where seq is null;
    for r in select * from audit_log a where a.seq is not null order by a.seq loop
        if problem is null then
            if r.seq <> v_expect then
                problem := 'gap';
            elsif r.prev_hash is distinct from v_prev then
                problem := 'prev_mismatch';
            elsif r.hash is distinct from sha256(r.prev_hash || convert_to(td_audit_canonical(r), 'UTF8')) then
                problem := 'hash_mismatch';
            end if;
            if problem is not null then
                broken_seq := r.seq;
                broken_id := r.id;
            end if;
        end if;
        sealed := sealed + 1;
        head_seq := r.seq;
        head_hash := r.hash;
        v_expect := r.seq + 1;
        v_prev := r.hash;
    end loop;
    if problem is null and p_anchor_seq is not null then
        select a.id, a.hash into broken_id, v_prev from audit_log a where a.seq = p_anchor_seq;
        if v_prev is distinct from p_anchor_hash then
            problem := 'anchor_mismatch';
            broken_seq := p_anchor_seq;
        else
            broken_id := null;
        end if;
    end if;
end $$;

-- The sweeper seals (booking/sweep.rs), and an application role may sweep:
-- sealing takes no input and writes only what the chain dictates. Verifying
-- reads the whole audit (personal data): the owner's, not granted.
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'tourdesk_app') then
        revoke execute on function td_audit_seal(boolean), td_audit_verify(bigint, bytea),
                                   td_audit_canonical(audit_log) from public;
        grant execute on function td_audit_seal(boolean) to tourdesk_app;
    end if;
end $$;
