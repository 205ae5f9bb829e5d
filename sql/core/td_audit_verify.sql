-- Walks the chain in seq order. Returns one row: the counts, the head (last
-- sealed seq and its hash: an anchor to write down), and the first broken row
-- if any — problem is 'gap' (a position missing: a row deleted, or seq
-- rewritten), 'prev_mismatch' (prev_hash is not the hash of the row before:
-- rows removed, reordered or re-hashed), 'hash_mismatch' (the row's content
-- is not what was sealed: edited), or, for an intact chain given an anchor
-- written down earlier, 'anchor_mismatch' (the row at p_anchor_seq is missing
-- or has another hash: the chain was recomputed after an edit).
create or replace function td_audit_verify(
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
