-- A manager's sign-off of a closed shift: it becomes approved and takes the
-- next Z-report number (gapless: max + 1 under an advisory lock, so two
-- approvals at once take turns). From then on nothing of it can change
-- (td_shift_guard). An open shift is SHIFT_NOT_CLOSED; an approved one
-- SHIFT_APPROVED with its number — except a retry with the approval's own
-- key, which answers it again (replayed). Audited as shift.approved.
create function api.shift_approve(p_session text, p_shift bigint, p_key uuid)
returns table (shift_id bigint, device text, currency text, status text, z_number int, opened_by text,
               opened_at timestamptz, closed_by text, closed_at timestamptz, approved_by text,
               approved_at timestamptz, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    sh shifts%rowtype;
    v_z int;
begin
    s := td_authorize_write(p_session, 'approve_shifts', 'approve a shift (a manager does)', p_key);
    select * into sh from shifts x where x.id = p_shift for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'shift', 'id', p_shift));
    end if;
    if sh.approve_key = p_key then
        return query select x.*, true from td_shift_info(sh.id) x;
        return;
    end if;
    if sh.status = 'open' then
        perform td_raise('SHIFT_NOT_CLOSED', (select jsonb_build_object('shift_id', x.shift_id, 'device', x.device)
                                                from td_shift_info(sh.id) x));
    elsif sh.status = 'approved' then
        perform td_raise('SHIFT_APPROVED', jsonb_build_object('shift_id', sh.id, 'z_number', sh.z_number));
    end if;
    perform pg_advisory_xact_lock(hashtext('tourdesk.shift_z_number'));
    select coalesce(max(x.z_number), 0) + 1 into v_z from shifts x;
    update shifts x set status = 'approved', approved_by = s.staff_id, approved_at = clock_timestamp(),
                        approve_key = p_key, z_number = v_z
     where x.id = sh.id;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'shift.approved',
            jsonb_build_object('shift_id', sh.id, 'z_number', v_z, 'key', p_key));
    return query select x.*, false from td_shift_info(sh.id) x;
end $$;
