-- Where the delivery worker p_worker goes on reading the Telegram bot's
-- updates (getUpdates' offset), or null while another worker holds the
-- poll (a lease of p_lease_seconds; the same worker renews its own). The
-- conditional UPDATE serialises workers on the one row: the second sees the
-- first's lease and gets null, so two workers never poll at once.
-- p_lease_seconds 0 gives the poll back (the worker has handed every update
-- it read to api.telegram_update) and answers null; a worker that died
-- holding it holds it only until its lease ends. A notifier's (or a
-- manager's) session.
create function api.telegram_poll(p_session text, p_worker uuid, p_lease_seconds int)
returns bigint
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    v_offset bigint;
begin
    perform td_authorize(p_session, 'notify', 'read the Telegram bot''s messages');
    if p_worker is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'worker', 'problem', 'a worker id'));
    end if;
    if p_lease_seconds = 0 then
        update telegram_poll set polled_by = null, polled_until = null where id = 1 and polled_by = p_worker;
        return null;
    end if;
    update telegram_poll
       set polled_by = p_worker,
           polled_until = clock_timestamp()
                          + make_interval(secs => least(greatest(coalesce(p_lease_seconds, 60), 5), 3600))
     where id = 1
       and (polled_until is null or polled_until <= clock_timestamp() or polled_by = p_worker)
    returning next_offset into v_offset;
    return v_offset;
end $$;
