-- What a booking says about people, checked on the server whoever sent it.
create or replace function td_check_booking_text(p_name text, p_phone text, p_email text, p_special text, p_reference text,
                                      p_participants jsonb) returns void
language plpgsql immutable as $$
declare
    x jsonb;
begin
    perform td_check_text('contact name', p_name, 200, true);
    perform td_check_text('phone', p_phone, 50, false);
    perform td_check_text('email', p_email, 200, false);
    perform td_check_text('special requests', p_special, 500, false, true);
    perform td_check_text('payment reference', p_reference, 100, false);
    if jsonb_typeof(p_participants) is distinct from 'array' or jsonb_array_length(p_participants) > 50 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', 'participants', 'problem', 'a list of at most 50'));
    end if;
    for x in select * from jsonb_array_elements(p_participants) loop
        perform td_check_text('participant name', x ->> 'name', 200, true);
        perform td_check_text('medical notes', x ->> 'medical_notes', 500, false, true);
        perform td_check_text('emergency contact', x ->> 'emergency_contact', 200, false);
        perform td_check_text('dietary needs', x ->> 'dietary', 500, false, true);
        perform td_check_text('equipment', x ->> 'equipment', 500, false, true);
    end loop;
end $$;
