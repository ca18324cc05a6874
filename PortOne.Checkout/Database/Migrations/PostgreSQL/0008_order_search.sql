-- The back office finds any order among millions and pages with a cursor (keyset), never OFFSET:
-- every list query is "seek to the cursor in an index, read 51 rows". Each index below serves one
-- filter of the orders list in its date order. The row id is the tiebreaker of every cursor; SQLite
-- appends it to every index by itself, PostgreSQL is told so: it is the last column of each.

-- Phones arrive as 010-1234-5678, 01012345678 or 010 1234 5678: search compares digits only.
-- PostgreSQL 15 computes generated columns when a row is written and stores them (SQLite's is virtual).
ALTER TABLE orders ADD COLUMN buyer_tel_digits text
    GENERATED ALWAYS AS (replace(replace(replace(buyer_tel, '-', ''), ' ', ''), '.', '')) STORED;
CREATE INDEX orders_buyer_tel_digits ON orders (buyer_tel_digits, created_at, id);

CREATE INDEX orders_imp_uid ON orders (imp_uid) WHERE imp_uid IS NOT NULL;
CREATE INDEX orders_buyer_name ON orders (buyer_name, created_at, id);
CREATE INDEX orders_buyer_email ON orders (lower(buyer_email), created_at, id);

CREATE INDEX orders_status_created ON orders (status, created_at, id);
CREATE INDEX orders_pay_method_created ON orders (pay_method, created_at, id);
CREATE INDEX orders_amount ON orders (amount, id);
CREATE INDEX orders_status_amount ON orders (status, amount, id);
CREATE INDEX orders_pay_method_amount ON orders (pay_method, amount, id);
-- The list's count and total read only this index for the broad filters (status, method, nothing):
-- a few bytes an order instead of the whole row, so totals over a million orders stay fast.
CREATE INDEX orders_totals ON orders (status, pay_method, amount);
-- Flagged orders are few; a partial index finds them without reading the rest.
CREATE INDEX orders_flagged ON orders (created_at, id) WHERE flag IS NOT NULL;
-- The dashboard sums payments by the day they were paid, from this index alone.
CREATE INDEX orders_paid_at ON orders (paid_at, status, pay_method, amount) WHERE paid_at IS NOT NULL;
