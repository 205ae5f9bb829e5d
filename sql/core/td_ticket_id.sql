-- A ticket id: the booking's ticket generation above 48 bits of subject id.
create or replace function td_ticket_id(p_gen int, p_subject bigint) returns bigint
language sql immutable as $$ select (p_gen::bigint << 48) | p_subject $$;
