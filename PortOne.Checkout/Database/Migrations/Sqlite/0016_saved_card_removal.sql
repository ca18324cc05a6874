-- A saved card staff removed (the customer asked us to forget it, or it was kept by mistake). It is marked
-- only after PortOne deleted the billing key (or said it had none), and is never charged again. The row
-- stays, so audit entries naming "saved card #id" still resolve and its key id is never issued again;
-- the holder's phone, email and the masked card number are cleared at removal: the orders it paid keep
-- their own buyer details, which is the record of those payments.
ALTER TABLE saved_cards ADD COLUMN removed_at INTEGER;
ALTER TABLE saved_cards ADD COLUMN removed_by TEXT;   -- the staff member who removed it
