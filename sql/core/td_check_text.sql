-- A text input: at most p_max characters, no control characters (a newline
-- in a name forges lines in printed manifests; notes may span lines when
-- p_lines), and not blank if required.
create or replace function td_check_text(p_field text, p_value text, p_max int, p_required boolean,
                              p_lines boolean default false) returns void
language plpgsql immutable as $$
begin
    if p_required and length(btrim(coalesce(p_value, ''))) = 0 then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', p_field, 'problem', 'it is empty'));
    end if;
    if length(coalesce(p_value, '')) > p_max then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', p_field,
                         'problem', format('longer than %s characters', p_max)));
    end if;
    if (case when p_lines then replace(coalesce(p_value, ''), E'\n', '') else coalesce(p_value, '') end) ~ '[[:cntrl:]]' then
        perform td_raise('INVALID_INPUT', jsonb_build_object('field', p_field,
                         'problem', 'contains control characters or line breaks'));
    end if;
end $$;
