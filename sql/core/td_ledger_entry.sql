-- One ledger row as api.pay and api.refund answer it: the row, and the
-- booking's money as it stood right after it (the rows up to this one), so a
-- retry with the same key gets the same answer whatever happened since.
create or replace function td_ledger_entry(p_entry bigint,
    out entry_id bigint, out booking_number text, out kind text, out amount_minor bigint, out currency text,
    out method text, out reference text, out reason text, out at timestamptz,
    out paid_minor bigint, out refunded_minor bigint, out balance_minor bigint, out payment_status text)
language plpgsql stable as $$
declare
    e ledger%rowtype;
    b bookings%rowtype;
begin
    select * into e from ledger l where l.id = p_entry;
    select * into b from bookings x where x.id = e.booking_id;
    select coalesce(sum(l.amount_minor) filter (where l.kind = 'payment'), 0),
           coalesce(sum(l.amount_minor) filter (where l.kind = 'refund'), 0)
      into paid_minor, refunded_minor
      from ledger l where l.booking_id = e.booking_id and l.id <= e.id;
    entry_id := e.id;
    booking_number := b.booking_number;
    kind := e.kind;
    amount_minor := e.amount_minor;
    currency := e.currency;
    method := e.method;
    reference := e.reference;
    reason := e.reason;
    at := e.at;
    balance_minor := greatest(b.total_minor - paid_minor, 0);
    payment_status := td_payment_status(b.total_minor, paid_minor, refunded_minor, b.payment_method);
end $$;
