-- Changes a booking's contact: name, phone, e-mail (null: unchanged; '' clears
-- a phone or an e-mail, never the name). Phones and e-mails are normalised by
-- the bookings trigger (td_contact_normalize), whoever writes them. The desk's
-- (as selling is). Under the departure's lock, then the booking's; idempotent
-- on p_key (td_change_begin); audited as booking.changed with the fields
-- changed (their names, not the values: the audit outlives personal data).
create function api.booking_change(p_session text, p_booking_number text, p_name text, p_phone text,
                                   p_email text, p_key uuid)
returns setof booking_change_answer
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    b bookings%rowtype;
    v_request jsonb := jsonb_build_object('name', p_name, 'phone', p_phone, 'email', p_email);
    v_fields text[] := '{}';
    v_begin record;
begin
    s := td_authorize(p_session, 'sell', 'change bookings');
    if p_name is not null then
        perform td_check_text('contact name', p_name, 200, true);
    end if;
    perform td_check_text('phone', p_phone, 50, false);
    perform td_check_text('email', p_email, 200, false);
    if p_name is null and p_phone is null and p_email is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'change',
                         'problem', 'nothing to change: give a name, a phone or an e-mail'));
    end if;
    select * into v_begin from td_change_begin(p_key, p_booking_number, 'contact', v_request, false);
    if v_begin.prior is not null then
        return query select t.* from booking_changes c, td_change_answer(c.answer, true) t where c.id = v_begin.prior;
        return;
    end if;
    select * into b from bookings x where x.id = v_begin.booking_id;
    if p_name is not null and p_name is distinct from b.contact_name then
        v_fields := v_fields || 'name'::text;
    end if;
    if p_phone is not null and p_phone is distinct from b.contact_phone then
        v_fields := v_fields || 'phone'::text;
    end if;
    if p_email is not null and p_email is distinct from b.contact_email then
        v_fields := v_fields || 'email'::text;
    end if;
    update bookings
       set contact_name = coalesce(btrim(p_name), contact_name),
           contact_phone = coalesce(btrim(p_phone), contact_phone),
           contact_email = coalesce(btrim(p_email), contact_email)
     where id = b.id;
    insert into audit_log (staff_id, device_id, action, departure_id, booking_id, details)
    values (s.staff_id, s.device_id, 'booking.changed', b.departure_id, b.id,
            jsonb_build_object('booking_number', b.booking_number, 'fields', to_jsonb(v_fields), 'key', p_key));
    return query select * from td_change_finish(p_key, b.id, 'contact', v_request, null, 0, 0, null, 0, 0,
                                          s.staff_id, s.device_id);
end $$;
