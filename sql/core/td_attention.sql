-- What the guide needs to know about a participant at the gate; an unpaid
-- amount with its currency (the booking's).
create or replace function td_attention(p participants, b bookings) returns jsonb
language sql immutable as $$
    select jsonb_strip_nulls(jsonb_build_object(
        'medical_notes', nullif(p.medical_notes, ''),
        'dietary', nullif(p.dietary, ''),
        'equipment', nullif(p.equipment, ''),
        'special_requests', nullif(b.special_requests, ''),
        'unpaid_minor', case when b.total_minor > b.paid_minor then b.total_minor - b.paid_minor end,
        'currency', case when b.total_minor > b.paid_minor then b.currency end))
$$;
