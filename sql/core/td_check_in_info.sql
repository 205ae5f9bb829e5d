-- Who checked a participant in: shown on "already checked in".
create or replace function td_check_in_info(p_participant bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object('participant_id', c.participant_id, 'name', p.name,
                              'at', c.occurred_at, 'method', c.method,
                              'device', coalesce(dv.name, ''), 'staff', coalesce(s.name, ''),
                              'location', c.location)
      from check_ins c
      join participants p on p.id = c.participant_id
      left join devices dv on dv.id = c.device_id
      left join staff s on s.id = c.staff_id
     where c.participant_id = p_participant and c.status = 'accepted'
$$;
