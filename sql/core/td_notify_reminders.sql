-- The reminders the evening before (migration 0039): once the operator's
-- local time has passed operator_settings.reminder_time, every confirmed
-- booking with a contact on a scheduled departure whose date (in the
-- departure's zone) is tomorrow (in the operator's) gets one reminder per
-- channel. Server time only. Idempotent: the unique index of reminders
-- makes a second sweep, or one running at the same moment in another
-- worker, queue nothing more (td_notify_booking's on conflict). Returns how
-- many messages were queued.
create or replace function td_notify_reminders() returns int
language plpgsql as $$
declare
    st operator_settings%rowtype;
    v_local timestamp;
    v_queued int := 0;
    r record;
begin
    select * into st from operator_settings;
    v_local := clock_timestamp() at time zone st.time_zone;
    if v_local::time < st.reminder_time then
        return 0;
    end if;
    for r in select b.id, b.booking_number, d.id as departure_id, d.starts_at, d.time_zone
               from departures d
               join bookings b on b.departure_id = d.id
              where d.status = 'scheduled'
                and d.starts_at > clock_timestamp()
                -- an index-friendly bound first: tomorrow, give or take a day of zones
                and d.starts_at < clock_timestamp() + interval '3 days'
                and (d.starts_at at time zone d.time_zone)::date = v_local::date + 1
                and b.status = 'confirmed'
                and (b.contact_phone <> '' or b.contact_email <> '')
                and not exists (select 1 from notification_outbox o
                                 where o.booking_id = b.id and o.kind = 'departure_reminder'
                                   and o.details ->> 'departure_id' = d.id::text)
              order by b.id loop
        v_queued := v_queued + td_notify_booking(r.id, 'departure_reminder',
            format('Reminder: booking %s departs %s.', r.booking_number,
                   to_char(r.starts_at at time zone r.time_zone, 'YYYY-MM-DD HH24:MI')),
            jsonb_build_object('departure_id', r.departure_id));
    end loop;
    return v_queued;
end $$;
