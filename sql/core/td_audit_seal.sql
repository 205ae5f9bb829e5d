-- Seals every committed unsealed row, in id order, continuing the chain from
-- the last sealed row; returns how many it sealed. One sealer at a time (a
-- transaction-scoped advisory lock). p_wait => false returns 0 at once when
-- another sealer is at work (the sweeper uses it: the other one does the job).
create or replace function td_audit_seal(p_wait boolean default true) returns int
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
