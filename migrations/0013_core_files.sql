-- The internal td_* functions live one per file in sql/core/ (listed in
-- src/db/internal.rs), as the api functions do in sql/api/. The schema owner
-- applies them after the migrations, in the transaction and under the lock
-- that rebuilds the api schema, whenever this hash differs: a hash of their
-- sources and of the list of migrations applied, so a migration that still
-- redefines one of them is overridden by its file on the same start.
-- Null: not applied yet (a database migrated by an older tourdesk).
alter table api_state add column core_sha256 bytea;
