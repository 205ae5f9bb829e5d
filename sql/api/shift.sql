-- One shift (p_shift), or with none the shift open on the session's device
-- (NO_OPEN_SHIFT when there is none): for any session.
create function api.shift(p_session text, p_shift bigint)
returns table (shift_id bigint, device text, currency text, status text, z_number int, opened_by text,
               opened_at timestamptz, closed_by text, closed_at timestamptz, approved_by text,
               approved_at timestamptz)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    v_id bigint := p_shift;
begin
    s := td_authorize(p_session, 'read', 'read shifts');
    if v_id is null then
        select x.id into v_id from shifts x where x.device_id = s.device_id and x.status = 'open';
        if not found then
            perform td_raise('NO_OPEN_SHIFT', jsonb_build_object('device', (select d.name from devices d
                                                                             where d.id = s.device_id)));
        end if;
    elsif not exists (select 1 from shifts x where x.id = v_id) then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'shift', 'id', p_shift));
    end if;
    return query select * from td_shift_info(v_id);
end $$;
