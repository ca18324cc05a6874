-- The tax-free part of an outside cash receipt (a book sold for cash, say): sent to PortOne as tax_free, which
-- otherwise takes the whole amount as taxable and records a VAT of a tenth of it. Receipts before this column
-- were all sent without one, which 0 says.
ALTER TABLE external_receipts ADD COLUMN tax_free INTEGER NOT NULL DEFAULT 0 CHECK (tax_free >= 0);
