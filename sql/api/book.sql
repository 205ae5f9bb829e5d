-- A booking, straight or from a hold (td_book). The source is the session's
-- device kind, not the caller's word.
create function api.book(
    p_session text, p_key uuid, p_departure bigint, p_hold bigint, p_adults int, p_children int,
    p_booking_number text, p_confirmation text,
    p_contact_name text, p_contact_phone text, p_contact_email text, p_special text,
    p_participants jsonb, p_breakdown jsonb, p_total bigint, p_currency text,
    p_pricing_rev bigint, p_rules_rev bigint, p_payment_method text, p_payment_reference text,
    out booking_id bigint, out booking_number text, out confirmation_code text,
    out total_minor bigint, out participant_ids bigint[], out replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'sell seats');
    perform td_check_booking_text(p_contact_name, p_contact_phone, p_contact_email, p_special, p_payment_reference,
                                  p_participants);
    select b.booking_id, b.booking_number, b.confirmation_code, b.total_minor, b.participant_ids, b.replayed
      into booking_id, booking_number, confirmation_code, total_minor, participant_ids, replayed
      from td_book(p_key, p_departure, p_hold, p_adults, p_children, p_booking_number, p_confirmation,
                   p_contact_name, p_contact_phone, p_contact_email, p_special, p_participants, p_breakdown,
                   p_total, p_currency, p_pricing_rev, p_rules_rev, p_payment_method, p_payment_reference,
                   td_source(s.device_id), td_offer_ttl(), s.staff_id, s.device_id) b;
end $$;
