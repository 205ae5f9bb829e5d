-- Adds a tour or updates its description and duration (a manager's).
-- change: created, updated or unchanged (nothing written, nothing audited).
create function api.upsert_tour(p_session text, p_name text, p_description text, p_duration int,
                                out tour_id bigint, out change text)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    s sessions%rowtype;
    v_inserted boolean;
begin
    s := td_authorize(p_session, 'manage_departures', 'manage tours');
    perform td_check_text('tour', p_name, 200, true);
    insert into tours (name, description, duration_minutes) values (btrim(p_name), p_description, p_duration)
    on conflict (name) do update set description = excluded.description, duration_minutes = excluded.duration_minutes
     where (tours.description, tours.duration_minutes) is distinct from (excluded.description, excluded.duration_minutes)
    returning id, xmax = 0 into tour_id, v_inserted;
    if tour_id is null then
        select id into tour_id from tours where name = btrim(p_name);
        change := 'unchanged';
        return;
    end if;
    change := case when v_inserted then 'created' else 'updated' end;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, case when v_inserted then 'tour.added' else 'tour.updated' end,
            jsonb_build_object('tour_id', tour_id, 'name', btrim(p_name), 'duration_minutes', p_duration));
end $$;
