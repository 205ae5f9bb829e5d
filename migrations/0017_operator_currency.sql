-- The operator's currency: what a new departure is priced in when none is
-- named (the CLI's `departure add`, the kiosk's add form), what the stats
-- show with no booking in range, and what a field laptop takes along at
-- prepare. It was the literal "RUB" in five places of the program, so an
-- operator pricing in euros got roubles wherever a currency was not given.
-- Departures and bookings keep their own currency.
--
-- Default RUB: unlike the time zone (0016, UTC on a fresh database), there
-- is no currency that is visibly wrong for everyone, and every install so
-- far is the demo operator's in Kamchatka, which prices in roubles; an
-- operator elsewhere sets theirs with `tourdesk currency EUR`. A database
-- that already has departures was pricing in theirs, so it keeps that: the
-- currency most of its departures use.
--
-- ISO 4217 as the rest of the schema writes it: three upper-case letters
-- (departures.currency, bookings.currency have the same check). Whether the
-- code is a real currency is not checked here, as it is not there.
alter table operator_settings
    add column currency text not null default 'RUB' check (currency ~ '^[A-Z]{3}$');

update operator_settings
   set currency = coalesce((select d.currency from departures d
                             group by d.currency
                             order by count(*) desc, d.currency
                             limit 1), 'RUB');

-- a kiosk reads it at start, before anyone logs in (no session for
-- api.currency yet), as it reads the time zone: the app role may read
-- this one column
grant select (currency) on operator_settings to tourdesk_app;
