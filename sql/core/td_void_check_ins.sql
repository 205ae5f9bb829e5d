-- A cancelled booking travels nobody: any check-in already made (a scan that
-- beat the cancel) is voided. Its tickets are revoked by its status.
create or replace function td_void_check_ins() returns trigger language plpgsql as $$
begin
    update check_ins set status = 'undone', undo_reason = 'booking cancelled', undone_at = clock_timestamp()
     where status = 'accepted' and participant_id in (select id from participants where booking_id = new.id);
    return null;
end $$;
