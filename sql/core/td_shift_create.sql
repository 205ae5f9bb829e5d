-- Makes a shift open on p_device with an opening float: the one place a
-- shift is made. api.shift_open calls it for a clerk at a desk (after its
-- checks: who may, the key, SHIFT_ALREADY_OPEN); td_field_sell for a field
-- laptop whose offline sales are synced while no shift is open on it (float
-- 0, origin 'field sync'), so the cash a guide took in the field is counted
-- and approved like a desk's drawer instead of landing outside any shift.
-- Answers null, making nothing, when a shift is already open on the device
-- (the partial unique index decides a race; the caller says what that means).
create or replace function td_shift_create(p_device bigint, p_staff bigint, p_float bigint, p_key uuid,
                                           p_origin text)
returns shifts language plpgsql as $$
declare
    sh shifts%rowtype;
begin
    insert into shifts (device_id, currency, opened_by, open_key)
    values (p_device, (select o.currency from operator_settings o), p_staff, p_key)
    on conflict (device_id) where status = 'open' do nothing
    returning * into sh;
    if not found then
        return null;
    end if;
    insert into shift_cash_moves (shift_id, kind, currency, amount_minor, staff_id, device_id, client_key)
    values (sh.id, 'float', sh.currency, p_float, p_staff, p_device, md5(p_key::text || ':float')::uuid);
    insert into audit_log (staff_id, device_id, action, details)
    values (p_staff, p_device, 'shift.opened',
            jsonb_build_object('shift_id', sh.id, 'currency', sh.currency, 'float_minor', p_float, 'key', p_key,
                               'origin', p_origin));
    return sh;
end $$;
