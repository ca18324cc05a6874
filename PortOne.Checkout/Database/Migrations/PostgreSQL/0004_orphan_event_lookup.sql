-- Suspicious notices are recorded once per imp_uid; finding an earlier one must not scan the table.
CREATE INDEX payment_events_orphans ON payment_events (imp_uid) WHERE order_id IS NULL;
