-- The operator's time zone: the fallback wherever no departure names one —
-- "today" in the CLI's listings and stats, the zone a new departure gets
-- when none is given, the kiosk's clock before any departure exists, and a
-- field laptop's offline fallback (prepare takes it along). It was a
-- constant in the program (Asia/Kamchatka, the demo operator's), so every
-- operator elsewhere saw the wrong "today". Departures keep their own zone.
--
-- Default UTC: a fresh database belongs to an operator whose zone nobody
-- knows yet, and UTC is the one zone that is wrong for everyone equally and
-- visibly so (times show "UTC"), where a guessed regional zone would be
-- silently wrong; `tourdesk time-zone ZONE` sets it, and `tourdesk demo`
-- sets Asia/Kamchatka for its operator through the core like any manager.
-- A database that already has departures was working in their zone, so it
-- keeps it: the zone most of its departures use.
--
-- The check is a guard for writes that bypass api.set_time_zone: `at time
-- zone` raises on a name PostgreSQL does not know. The api function checks
-- more precisely (an IANA name, as the clients' zone database reads it).
alter table operator_settings
    add column time_zone text not null default 'UTC'
        check ((timestamptz '2000-01-01 00:00+00' at time zone time_zone) is not null);

update operator_settings
   set time_zone = coalesce((select d.time_zone from departures d
                              group by d.time_zone
                              order by count(*) desc, d.time_zone
                              limit 1), 'UTC');

-- a kiosk shows its clock before anyone logs in (no session for
-- api.time_zone yet): the app role reads this one column, as it reads
-- departures' zones
grant select (time_zone) on operator_settings to tourdesk_app;
