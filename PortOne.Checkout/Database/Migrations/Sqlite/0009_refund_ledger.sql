-- The dashboard counts a refund on the day it happened, which an order row cannot tell: it holds only
-- the refunded total so far. Every increase of that total is recorded here by a trigger, so every path
-- that refunds (staff, a webhook, reconciliation, one added later) is counted without having to
-- remember to. Forgeries cancelled at once (status rejected) are not refunds of a sale and are left out.
CREATE TABLE order_refunds (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    refunded_at  INTEGER NOT NULL
);

CREATE INDEX order_refunds_refunded_at ON order_refunds (refunded_at);

CREATE TRIGGER orders_record_refund AFTER UPDATE OF cancelled_amount ON orders
WHEN NEW.cancelled_amount > OLD.cancelled_amount AND NEW.status IN ('partially_refunded', 'refunded')
BEGIN
    INSERT INTO order_refunds (order_id, amount, refunded_at)
    VALUES (NEW.id, NEW.cancelled_amount - OLD.cancelled_amount, NEW.updated_at);
END;

-- Refunds made before this table existed: the whole refunded total, on the day of the last refund event.
INSERT INTO order_refunds (order_id, amount, refunded_at)
SELECT o.id, o.cancelled_amount,
       coalesce((SELECT max(e.created_at) FROM payment_events e
                 WHERE e.order_id = o.id AND e.status_after IN ('partially_refunded', 'refunded')), o.updated_at)
FROM orders o
WHERE o.cancelled_amount > 0 AND o.status IN ('partially_refunded', 'refunded');
