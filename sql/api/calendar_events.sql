-- A calendar feed's departures (issue 14): those a guide leads, those a
-- resource serves, or one departure — exactly one of p_guide (a guide's
-- staff name), p_resource (a resource's name), p_departure. Read-only;
-- anyone logged in may read it: tours, times, meeting points, counts and
-- the names of guides and resources, nobody's personal data.
--
-- A feed keeps what a phone calendar must follow: departures that ended up
-- to 30 days ago and everything after (a single departure whatever its
-- time), cancelled ones included (the client turns them STATUS:CANCELLED
-- under the same UID). A guide's assignments stay in the feed when their
-- departure is cancelled (the row goes inactive then, not away).
--
-- A guide or resource taken off a departure leaves it in their feed as
-- withdrawn (the client writes STATUS:CANCELLED under the same UID): an
-- event that only vanished stays forever in a calendar that imported the
-- file, and a guide would turn up for a trip someone else now leads. The
-- unassignment is found in the audit (guide.unassigned and
-- resource.unassigned name the guide's or resource's id); the departures of
-- the feed's window are read first, then their audit rows by departure.
--
-- sequence: how many audit rows name the departure. Every change of a
-- departure writes one (a sale, a cancellation, a guide or resource
-- assigned, a weather note…), and the audit is append-only, so the number
-- only grows and is the same each time the feed is made for the same
-- state: a calendar sees an update exactly when something changed.
create function api.calendar_events(p_session text, p_guide text, p_resource text, p_departure bigint)
returns table (title text, generated_at timestamptz, events jsonb)
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    v_title text;
    v_ids bigint[];
    v_id bigint;
    v_gone bigint[] := '{}';
begin
    perform td_authorize(p_session, 'read', 'read calendar feeds');
    if (p_guide is not null)::int + (p_resource is not null)::int + (p_departure is not null)::int <> 1 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'calendar',
                         'problem', 'name exactly one of a guide, a resource or a departure'));
    end if;
    if p_guide is not null then
        select x.id, x.name into v_id, v_title from staff x
         where lower(x.name) = lower(btrim(p_guide)) and x.role = 'guide'
         order by x.name = btrim(p_guide) desc, x.id limit 1;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'guide', 'id', p_guide));
        end if;
        v_ids := array(select dg.departure_id from departure_guides dg join departures d on d.id = dg.departure_id
                        where dg.guide_id = v_id and (dg.active or d.status = 'cancelled')
                          and d.ends_at > clock_timestamp() - interval '30 days');
        v_gone := td_calendar_withdrawn('guide.unassigned', 'guide_id', v_id, v_ids);
    elsif p_resource is not null then
        select x.id, x.name into v_id, v_title from resources x
         where lower(x.name) = lower(btrim(p_resource))
         order by x.name = btrim(p_resource) desc, x.id limit 1;
        if not found then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'resource', 'id', p_resource));
        end if;
        v_ids := array(select dr.departure_id from departure_resources dr join departures d on d.id = dr.departure_id
                        where dr.resource_id = v_id and d.ends_at > clock_timestamp() - interval '30 days');
        v_gone := td_calendar_withdrawn('resource.unassigned', 'resource_id', v_id, v_ids);
    else
        if not exists (select 1 from departures d where d.id = p_departure) then
            perform td_raise('NOT_FOUND', jsonb_build_object('what', 'departure', 'id', p_departure));
        end if;
        v_title := format('Departure %s', p_departure);
        v_ids := array[p_departure];
    end if;
    return query
    select v_title, now(), coalesce(jsonb_agg(jsonb_build_object(
               'departure_id', d.id,
               'tour', t.name,
               'starts_at', d.starts_at,
               'ends_at', d.ends_at,
               'time_zone', d.time_zone,
               'meeting_point', d.meeting_point,
               'capacity', d.capacity,
               'booked', d.booked,
               'parties', (select count(*) from bookings b where b.departure_id = d.id and b.status = 'confirmed'),
               'cancelled', d.status = 'cancelled',
               'withdrawn', d.id = any(v_gone),
               'guides', array(select g.name from departure_guides dg join staff g on g.id = dg.guide_id
                                where dg.departure_id = d.id and (dg.active or d.status = 'cancelled')
                                order by g.name),
               'resources', array(select r.name from departure_resources dr join resources r on r.id = dr.resource_id
                                   where dr.departure_id = d.id order by r.name),
               'sequence', (select count(*) from audit_log a where a.departure_id = d.id))
             order by d.starts_at, d.id), '[]'::jsonb)
      from departures d
      join tours t on t.id = d.tour_id
     where d.id = any(v_ids || v_gone);
end $$;
