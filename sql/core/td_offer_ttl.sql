-- How long a waitlist offer holds its seats: the operator's rule, not the
-- caller's.
create or replace function td_offer_ttl() returns interval language sql immutable as $$ select interval '10 minutes' $$;
