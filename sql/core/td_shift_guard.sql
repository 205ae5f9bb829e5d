-- Keeps a shift's money as it was counted and approved, whoever writes:
-- an approved shift's row, its cash movements, its count and the ledger
-- rows taken in it can never be updated or deleted (SHIFT_APPROVED), and
-- nothing is posted into a shift that is no longer open — a payment racing
-- the close waits on td_ledger_post's share lock and then finds no open
-- shift, so this only refuses a writer that names a closed shift itself.
-- A trigger on shifts, shift_cash_moves, shift_counts and ledger
-- (migrations/0035_shifts.sql).
create or replace function td_shift_guard() returns trigger language plpgsql as $$
declare
    v_old bigint;
    v_new bigint;
    v_status text;
    v_z int;
begin
    if tg_table_name = 'shifts' then
        if old.status = 'approved' then
            perform td_raise('SHIFT_APPROVED', jsonb_build_object('shift_id', old.id, 'z_number', old.z_number));
        end if;
        return coalesce(new, old);
    end if;
    if tg_op <> 'INSERT' then
        v_old := old.shift_id;
    end if;
    if tg_op <> 'DELETE' then
        v_new := new.shift_id;
    end if;
    -- the row as it was: not out of an approved shift
    if v_old is not null then
        select s.status, s.z_number into v_status, v_z from shifts s where s.id = v_old;
        if v_status = 'approved' then
            perform td_raise('SHIFT_APPROVED', jsonb_build_object('shift_id', v_old, 'z_number', v_z));
        end if;
    end if;
    -- the row as it will be: into an open shift only (a close writes its
    -- count before it changes the status)
    if v_new is not null and (tg_op = 'INSERT' or v_new is distinct from v_old) then
        select s.status, s.z_number into v_status, v_z from shifts s where s.id = v_new;
        if v_status = 'approved' then
            perform td_raise('SHIFT_APPROVED', jsonb_build_object('shift_id', v_new, 'z_number', v_z));
        elsif v_status <> 'open' then
            perform td_raise('NO_OPEN_SHIFT', jsonb_build_object('shift_id', v_new, 'status', v_status));
        end if;
    end if;
    return coalesce(new, old);
end $$;
