-- A departure's roll-call in numbers, at the server's time: of those checked
-- in, how many are back, left the group, still out, or missing (out past the
-- departure's end plus the operator's grace period). api.rollcall lists the
-- same people by the same rule.
create or replace function td_rollcall_counts(p_departure bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
               'checked_in', count(*),
               'back', count(*) filter (where r.state = 'back'),
               'left', count(*) filter (where r.state = 'left'),
               'out', count(*) filter (where r.state is null and now() < d.ends_at + o.return_grace),
               'missing', count(*) filter (where r.state is null and now() >= d.ends_at + o.return_grace))
      from departures d
      cross join operator_settings o
      join check_ins c on c.departure_id = d.id and c.status = 'accepted'
      left join returns r on r.participant_id = c.participant_id
     where d.id = p_departure
$$;
