-- Reconciliation's bookkeeping: when to look at an order again, and how many looks found nothing
-- (for the backoff). Neither is part of the order's state; a transition resets both.
ALTER TABLE orders ADD COLUMN reconcile_attempts bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN reconcile_after bigint NOT NULL DEFAULT 0;

CREATE INDEX orders_reconcile ON orders (status, reconcile_after);
