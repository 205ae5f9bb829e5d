-- Extends an active walk-in hold by p_ttl, never past p_max_total after it
-- was made nor past the departure; refuses a waitlist offer or an allotment
-- (HOLD_LIMIT). Returns the new expiry.
create or replace function td_extend_hold(p_hold bigint, p_ttl interval, p_max_total interval, p_staff bigint, p_device bigint)
returns timestamptz language plpgsql as $$
declare
    h holds%rowtype;
    v_starts timestamptz;
    v_new timestamptz;
begin
    select * into h from holds where id = p_hold for update;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'hold', 'id', p_hold));
    end if;
    if h.status = 'expired' or (h.status = 'active' and h.expires_at <= clock_timestamp()) then
        perform td_raise('HOLD_EXPIRED', jsonb_build_object('hold_id', p_hold, 'expired_at', h.expires_at));
    end if;
    if h.status <> 'active' then
        perform td_raise('HOLD_NOT_ACTIVE', jsonb_build_object('hold_id', p_hold, 'status', h.status));
    end if;
    if h.purpose <> 'walk_in' then
        -- a waitlist offer keeps its short time (the next in line is waiting);
        -- an allotment already lasts until the departure
        perform td_raise('HOLD_LIMIT', jsonb_build_object('hold_id', p_hold, 'expires_at', h.expires_at,
                         'max_minutes', round(extract(epoch from h.expires_at - h.created_at) / 60)));
    end if;
    select starts_at into v_starts from departures where id = h.departure_id;
    v_new := least(clock_timestamp() + p_ttl, h.created_at + p_max_total, v_starts);
    if v_new <= h.expires_at then
        perform td_raise('HOLD_LIMIT', jsonb_build_object('hold_id', p_hold, 'expires_at', h.expires_at,
                                                          'max_minutes', extract(epoch from p_max_total) / 60));
    end if;
    update holds set expires_at = v_new where id = p_hold;
    insert into audit_log (staff_id, device_id, action, departure_id, details)
    values (p_staff, p_device, 'hold.extended', h.departure_id,
            jsonb_build_object('hold_id', p_hold, 'from', h.expires_at, 'to', v_new));
    return v_new;
end $$;
