-- A new voucher code, V-XXXXX-XXXXX over the booking numbers' alphabet (no
-- 0/O, 1/I/L, U/V): 29^10 ≈ 4·10^14 codes from a cryptographic source, so a
-- code is typed from a receipt or read over the phone, never guessed. Made
-- by the server (the credit is the server's decision); one not yet used.
create or replace function td_voucher_code() returns text
language plpgsql volatile as $$
declare
    v_alphabet constant text := '23456789ABCDEFGHJKMNPQRSTWXYZ';
    v_bytes bytea;
    v_chars text;
    v_code text;
begin
    loop
        -- 0..255 rejected above 231 (8 × 29), so every letter is as likely
        v_bytes := gen_random_bytes(32);
        v_chars := '';
        for i in 0 .. 31 loop
            continue when get_byte(v_bytes, i) >= 232;
            v_chars := v_chars || substr(v_alphabet, 1 + get_byte(v_bytes, i) % 29, 1);
            exit when length(v_chars) = 10;
        end loop;
        continue when length(v_chars) < 10;
        v_code := 'V-' || left(v_chars, 5) || '-' || right(v_chars, 5);
        exit when not exists (select 1 from vouchers where code = v_code);
    end loop;
    return v_code;
end $$;
