-- Adds a pickup point to a tour (by name, case aside; a manager's): a name
-- (one active point of that name per tour), and either minutes before the
-- departure (0 to 1440) or a local time of day — exactly one. p_position
-- puts it at that place of the route (the points from there on move one
-- down); none: last. Under the tour's row lock, so two additions to one
-- route take turns.
--
-- Idempotent on p_key: the same key with the same request answers the first
-- point (replayed), with another request IDEMPOTENCY_CONFLICT. Audited as
-- pickup.added.
create function api.pickup_add(p_session text, p_tour text, p_name text, p_minutes_before int, p_at time,
                               p_position int, p_key uuid)
returns table (pickup_point_id bigint, tour text, name text, "position" int, minutes_before int, at_time time,
               replayed boolean)
language plpgsql security definer set search_path = public, pg_temp as $$
#variable_conflict use_column
declare
    s sessions%rowtype;
    t tours%rowtype;
    p pickup_points%rowtype;
    v_name text := btrim(coalesce(p_name, ''));
    v_last int;
    v_pos int;
begin
    s := td_authorize(p_session, 'manage_departures', 'add pickup points');
    if p_key is null then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'key', 'problem', 'a write needs a key'));
    end if;
    perform td_check_text('pickup name', v_name, 200, true);
    if (p_minutes_before is null) = (p_at is null) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'time',
                         'problem', 'give either minutes before the departure or a time of day, not both'));
    end if;
    if p_minutes_before not between 0 and 1440 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'minutes before',
                         'problem', '0 to 1440 minutes'));
    end if;
    if p_position < 1 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'position', 'problem', '1 or more'));
    end if;
    select * into t from tours x where lower(x.name) = lower(btrim(coalesce(p_tour, '')))
     order by x.name = btrim(p_tour) desc, x.id limit 1;
    if not found then
        perform td_raise('NOT_FOUND', jsonb_build_object('what', 'tour', 'id', p_tour));
    end if;
    perform 1 from tours x where x.id = t.id for update;
    select * into p from pickup_points x where x.client_key = p_key;
    if found then
        if (p.tour_id, p.name, p.minutes_before, p.at_time) is distinct from (t.id, v_name, p_minutes_before, p_at) then
            perform td_raise('IDEMPOTENCY_CONFLICT', jsonb_build_object('key', p_key));
        end if;
        return query select p.id, t.name, p.name, p.position, p.minutes_before, p.at_time, true;
        return;
    end if;
    if exists (select 1 from pickup_points x
                where x.tour_id = t.id and x.active and lower(btrim(x.name)) = lower(v_name)) then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'pickup name',
                         'problem', format('%s has a pickup point named %s already', t.name, v_name)));
    end if;
    select coalesce(max(x.position), 0) into v_last from pickup_points x where x.tour_id = t.id and x.active;
    v_pos := least(coalesce(p_position, v_last + 1), v_last + 1);
    update pickup_points x set position = x.position + 1
     where x.tour_id = t.id and x.active and x.position >= v_pos;
    insert into pickup_points (tour_id, name, minutes_before, at_time, position, client_key, staff_id, device_id)
    values (t.id, v_name, p_minutes_before, p_at, v_pos, p_key, s.staff_id, s.device_id)
    returning * into p;
    insert into audit_log (staff_id, device_id, action, details)
    values (s.staff_id, s.device_id, 'pickup.added',
            jsonb_build_object('pickup_point_id', p.id, 'tour_id', t.id, 'tour', t.name, 'name', p.name,
                               'minutes_before', p.minutes_before, 'at_time', p.at_time, 'position', p.position,
                               'key', p_key));
    return query select p.id, t.name, p.name, p.position, p.minutes_before, p.at_time, false;
end $$;
