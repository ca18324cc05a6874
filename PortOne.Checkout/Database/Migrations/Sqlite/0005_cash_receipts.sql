-- The cash receipt staff issued for a transfer or virtual-account order. The buyer's identifier is
-- personal data and is deliberately not kept.
ALTER TABLE orders ADD COLUMN cash_receipt_type TEXT;
ALTER TABLE orders ADD COLUMN cash_receipt_apply_num TEXT;
ALTER TABLE orders ADD COLUMN cash_receipt_url TEXT;
ALTER TABLE orders ADD COLUMN cash_receipt_issued_at INTEGER;
