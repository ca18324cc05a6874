-- The back office finds any order among millions and pages with a cursor (keyset), never OFFSET:
-- every list query is "seek to the cursor in an index, read 51 rows". Each index below serves one
-- filter of the orders list in its date order; the row id, the tiebreaker of every cursor, is
-- implicitly the last column of every index.

-- Phones arrive as 010-1234-5678, 01012345678 or 010 1234 5678: search compares digits only. A virtual
-- column costs no space in the row; its index holds the digits.
ALTER TABLE orders ADD COLUMN buyer_tel_digits TEXT
    GENERATED ALWAYS AS (replace(replace(replace(buyer_tel, '-', ''), ' ', ''), '.', '')) VIRTUAL;
CREATE INDEX orders_buyer_tel_digits ON orders (buyer_tel_digits, created_at);

CREATE INDEX orders_imp_uid ON orders (imp_uid) WHERE imp_uid IS NOT NULL;
CREATE INDEX orders_buyer_name ON orders (buyer_name, created_at);
CREATE INDEX orders_buyer_email ON orders (lower(buyer_email), created_at);

CREATE INDEX orders_status_created ON orders (status, created_at);
CREATE INDEX orders_pay_method_created ON orders (pay_method, created_at);
CREATE INDEX orders_amount ON orders (amount);
CREATE INDEX orders_status_amount ON orders (status, amount);
CREATE INDEX orders_pay_method_amount ON orders (pay_method, amount);
-- The list's count and total read only this index for the broad filters (status, method, nothing):
-- a few bytes an order instead of the whole row, so totals over a million orders stay fast.
CREATE INDEX orders_totals ON orders (status, pay_method, amount);
-- Flagged orders are few; a partial index finds them without reading the rest.
CREATE INDEX orders_flagged ON orders (created_at) WHERE flag IS NOT NULL;
-- The dashboard sums payments by the day they were paid, from this index alone.
CREATE INDEX orders_paid_at ON orders (paid_at, status, pay_method, amount) WHERE paid_at IS NOT NULL;
