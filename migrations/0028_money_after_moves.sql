-- Money after changes and moves (issue 13, review): one rule for what a
-- customer owes or is owed after any change of what a booking costs
-- (sql/core/td_settle.sql), the figure a move was quoted at compared under
-- its locks, and a booking paid first by voucher saying so.
--
-- 1. td_move takes the client's figure (p_expected_total): its signature
-- changes, so the old one goes (sql/core/td_move.sql makes the new one on
-- the same start, src/db/internal.rs).
drop function if exists td_move(bigint, bigint, text, boolean, uuid, text, interval, bigint, bigint);

-- 2. bookings.payment_method is how the booking was paid, or that it was
-- not: a booking sold unpaid and then paid by voucher stayed 'unpaid'
-- (td_ledger_post could not write 'voucher' here), so the one number that
-- said how it was paid said it was not. A sale still cannot be paid by
-- voucher (td_book, td_field_sell: a voucher is redeemed by api.pay); the
-- first payment's method is written here whatever it is, as before for the
-- others.
alter table bookings drop constraint bookings_payment_method_check;
alter table bookings add constraint bookings_payment_method_check
    check (payment_method in ('cash', 'card', 'transfer', 'voucher', 'unpaid'));
update bookings b
   set payment_method = l.method
  from (select distinct on (booking_id) booking_id, method from ledger
         where kind = 'payment' order by booking_id, id) l
 where l.booking_id = b.id and b.payment_method = 'unpaid';

-- 3. A move to a cheaper departure that gave money back kept only the fee
-- in the total (total = net paid) while every balance reads total less
-- paid: the refund was taken off twice, and a later move to a dearer
-- departure charged too little. td_settle's rule keeps all of what was paid
-- beyond the new price in the total, as a `paid_beyond` line. A booking
-- whose last move gave money back and which has not moved since gets that
-- refund back into its total, and its `move_fee` line (what the tier kept,
-- none for a free move's full refund) becomes that line: fee plus refund.
-- Bookings moved on since keep their totals (their breakdown no longer
-- holds the fee to carry), as do those a later change already repriced.
with last_move as (
    select distinct on (m.booking_id) m.booking_id, m.refund_minor, m.refund_percent, m.to_departure_id
      from booking_moves m order by m.booking_id, m.id desc
), fixed as (
    select b.id, b.total_minor + lm.refund_minor as total_minor,
           coalesce((select jsonb_agg(l order by n)
                       from jsonb_array_elements(b.price_breakdown -> 'lines') with ordinality x(l, n)
                      where l ->> 'kind' <> 'move_fee'), '[]'::jsonb)
           || jsonb_build_object('kind', 'paid_beyond',
                  'amount_minor', lm.refund_minor
                                  + coalesce((select sum((l ->> 'amount_minor')::bigint)
                                                from jsonb_array_elements(b.price_breakdown -> 'lines') l
                                               where l ->> 'kind' = 'move_fee'), 0),
                  'label', format('paid beyond the new price (moved to departure %s): %s %% refunded',
                                  lm.to_departure_id, lm.refund_percent)) as lines
      from bookings b join last_move lm on lm.booking_id = b.id
     where lm.refund_minor > 0 and b.status = 'confirmed' and b.total_minor + lm.refund_minor <= b.paid_minor
)
update bookings b
   set total_minor = f.total_minor,
       price_breakdown = b.price_breakdown || jsonb_build_object('lines', f.lines, 'total_minor', f.total_minor)
  from fixed f
 where f.id = b.id;
