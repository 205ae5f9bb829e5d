-- Opens a shift on the session's device with an opening float (cash in the
-- drawer at the start, in the operator's currency; 0 allowed): the desk's.
-- At most one open shift per device — another is SHIFT_ALREADY_OPEN naming
-- it (opens on one device take turns on the device's row; the partial
-- unique index shifts_one_open_per_device holds whoever writes). From then
-- on every payment and refund taken at the device belongs to the shift.
--
-- Idempotent on p_key: the same key with the same float answers the first
-- shift (replayed), with anything else IDEMPOTENCY_CONFLICT. Audited as
-- shift.opened; staff, device and time are the session's and the server's.
create function api.shift_open(p_session text, p_float bigint, p_key uuid)
returns table (shift_id bigint, device text, currency text, status text, z_number int, opened_by text,
               opened_at timestamptz, closed_by text, closed_at timestamptz, approved_by text,
               approved_at timestamptz, replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    sh shifts%rowtype;
    v_float bigint;
begin
    s := td_authorize_write(p_session, 'sell', 'open a shift', p_key);
    if p_float is null or p_float < 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'float',
                         'problem', 'the cash in the drawer at the start, in minor units (kopecks): 0 or more'));
    end if;
    perform 1 from devices d where d.id = s.device_id for update;
    select * into sh from shifts x where x.open_key = p_key;
    if found then
        select m.amount_minor into v_float from shift_cash_moves m
         where m.shift_id = sh.id and m.kind = 'float' and m.currency = sh.currency;
        if sh.device_id <> s.device_id or v_float is distinct from p_float then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select t.*, true from td_shift_info(sh.id) t;
        return;
    end if;
    select * into sh from shifts x where x.device_id = s.device_id and x.status = 'open';
    if found then
        perform td_raise('SHIFT_ALREADY_OPEN', (select jsonb_build_object('shift_id', t.shift_id, 'device', t.device,
                                                        'opened_by', t.opened_by, 'opened_at', t.opened_at)
                                                   from td_shift_info(sh.id) t));
    end if;
    sh := td_shift_create(s.device_id, s.staff_id, p_float, p_key, 'desk');
    return query select t.*, false from td_shift_info(sh.id) t;
end $$;
