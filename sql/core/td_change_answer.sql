-- A change's stored answer as the api functions return it.
create or replace function td_change_answer(p_answer jsonb, p_replayed boolean)
returns booking_change_answer language sql immutable as $$
    select * from jsonb_populate_record(null::booking_change_answer,
                                        p_answer || jsonb_build_object('replayed', p_replayed))
$$;
