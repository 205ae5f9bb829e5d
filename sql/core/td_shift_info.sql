-- One shift as the api answers it: its device, currency, status and Z
-- number, and who opened, closed and approved it when (names, '' for the
-- owner's scripts, which act without a staff member).
create or replace function td_shift_info(p_shift bigint,
    out shift_id bigint, out device text, out currency text, out status text, out z_number int,
    out opened_by text, out opened_at timestamptz, out closed_by text, out closed_at timestamptz,
    out approved_by text, out approved_at timestamptz)
language sql stable as $$
    select s.id, d.name, s.currency, s.status, s.z_number,
           coalesce(o.name, ''), s.opened_at, coalesce(c.name, ''), s.closed_at, coalesce(a.name, ''), s.approved_at
      from shifts s
      join devices d on d.id = s.device_id
      left join staff o on o.id = s.opened_by
      left join staff c on c.id = s.closed_by
      left join staff a on a.id = s.approved_by
     where s.id = p_shift
$$;
