-- A manager verifies the audit chain (`tourdesk audit verify` as the
-- application role, which may neither read audit_log nor call
-- td_audit_verify): seals the rows committed since the last seal, then walks
-- the chain (td_audit_verify, migration 0010) and returns what it found.
-- Only hashes, counts and row ids leave: no audit content.
create function api.audit_verify(p_session text, p_anchor_seq bigint default null, p_anchor_hash bytea default null,
                                 out sealed_now int, out checked bigint, out unsealed bigint,
                                 out head_seq bigint, out head_hash bytea,
                                 out broken_seq bigint, out broken_id bigint, out problem text)
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    perform td_authorize(p_session, 'stats', 'verify the audit chain');
    if (p_anchor_seq is null) <> (p_anchor_hash is null) or p_anchor_seq < 1
       or (p_anchor_hash is not null and length(p_anchor_hash) <> 32) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'anchor',
            'problem', 'SEQ:HASH as printed by tourdesk audit verify (a 32-byte SHA-256)'));
    end if;
    -- the next statement's snapshot sees what this one sealed
    sealed_now := td_audit_seal(true);
    select v.sealed, v.unsealed, v.head_seq, v.head_hash, v.broken_seq, v.broken_id, v.problem
      into checked, unsealed, head_seq, head_hash, broken_seq, broken_id, problem
      from td_audit_verify(p_anchor_seq, p_anchor_hash) v;
end $$;
