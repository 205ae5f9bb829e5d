-- Sets the operator's currency (a manager's), audited as settings.currency
-- with the old and the new code. Setting the same code again writes
-- nothing. Three upper-case letters (ISO 4217), as departures and bookings
-- store theirs. Departures keep their own currency and prices: changing it
-- reprices nothing, it only changes what new departures default to. Laptops
-- prepared before keep the currency they took along until prepared again.
create function api.set_currency(p_session text, p_currency text,
                                 out currency text, out changed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_old text;
begin
    s := td_authorize(p_session, 'manage_departures', 'change the currency');
    if p_currency is null or p_currency !~ '^[A-Z]{3}$' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'currency',
            'problem', format('%s is not a currency; use a three-letter ISO 4217 code in capitals such as RUB or EUR',
                              coalesce(p_currency, 'none'))));
    end if;
    select o.currency into v_old from operator_settings o for update;
    currency := p_currency;
    changed := v_old is distinct from p_currency;
    if changed then
        update operator_settings set currency = p_currency, updated_at = clock_timestamp();
        insert into audit_log (staff_id, device_id, action, details)
        values (s.staff_id, s.device_id, 'settings.currency', jsonb_build_object('from', v_old, 'to', p_currency));
    end if;
end $$;
