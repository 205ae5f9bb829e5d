-- Joins a departure's waitlist (td_waitlist_join); idempotent on p_key.
create function api.waitlist_join(p_session text, p_departure bigint, p_adults int, p_children int, p_name text,
                                  p_phone text, p_email text, p_key uuid,
                                  out entry_id bigint, out queue_position int)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
begin
    s := td_authorize(p_session, 'sell', 'manage the waitlist');
    perform td_check_text('name', p_name, 200, true);
    select w.entry_id, w.queue_position into entry_id, queue_position
      from td_waitlist_join(p_departure, p_adults, p_children, p_name, p_phone, p_email, td_offer_ttl(),
                            s.staff_id, s.device_id, p_key) w;
end $$;
