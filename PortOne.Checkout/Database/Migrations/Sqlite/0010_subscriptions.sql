-- Subscriptions: a plan is a product with a billing cycle; a subscription keeps PortOne's billing
-- key id (customer_uid) and the masked card PortOne reports, never card data; every charge is an
-- ordinary order, linked here.

-- NULL = a one-off product of the checkout; otherwise the plan bills every cycle_months months.
ALTER TABLE products ADD COLUMN cycle_months INTEGER CHECK (cycle_months IS NULL OR cycle_months BETWEEN 1 AND 12);

INSERT INTO products (sku, name_ko, name_en, price, tax_free, image, sort_order, cycle_months) VALUES
    ('SUB-COFFEE-MONTHLY', '월간 원두 정기배송', 'Monthly coffee beans', 19900, 0, 'coffee', 101, 1),
    ('SUB-TEA-MONTHLY',    '월간 녹차 정기배송', 'Monthly green tea',    12900, 0, 'tea',    102, 1);

CREATE TABLE subscriptions (
    id                    INTEGER PRIMARY KEY,
    public_id             TEXT    NOT NULL UNIQUE,   -- in URLs and merchant_uids; not a secret
    access_key            TEXT    NOT NULL,          -- the secret of the shopper's management link
    product_id            INTEGER NOT NULL REFERENCES products (id),
    plan_name             TEXT    NOT NULL,          -- as sold: later catalog changes do not re-price a subscription
    amount                INTEGER NOT NULL CHECK (amount > 0),
    cycle_months          INTEGER NOT NULL CHECK (cycle_months BETWEEN 1 AND 12),
    first_charge_date     TEXT    NOT NULL,          -- yyyy-MM-dd, Korean calendar; cycles count from it
    status                TEXT    NOT NULL,
    status_reason         TEXT,
    buyer_name            TEXT    NOT NULL,
    buyer_email           TEXT    NOT NULL,
    buyer_tel             TEXT    NOT NULL,
    buyer_addr            TEXT    NOT NULL,
    buyer_postcode        TEXT    NOT NULL,
    customer_id           TEXT    NOT NULL UNIQUE,   -- our customer, as PortOne's customer_id
    customer_uid          TEXT    UNIQUE,            -- the billing key in use; NULL until PortOne confirms one
    card_name             TEXT,                      -- as PortOne reports it
    card_number           TEXT,                      -- masked by PortOne
    pending_customer_uid  TEXT    UNIQUE,            -- handed to the window, not yet confirmed with PortOne
    consent_text          TEXT    NOT NULL,          -- the recurring-billing consent exactly as shown
    consent_at            INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    cancelled_at          INTEGER
);

CREATE INDEX subscriptions_status ON subscriptions (status, id);

-- One row per attempt to collect a cycle. (subscription, cycle, attempt) is unique and fixes the
-- merchant_uid, so duplicated webhooks and reconciliation racing to "schedule the next charge" can
-- insert it only once.
CREATE TABLE subscription_charges (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id),
    cycle            INTEGER NOT NULL CHECK (cycle >= 1),
    attempt          INTEGER NOT NULL CHECK (attempt >= 1),
    order_id         INTEGER NOT NULL UNIQUE REFERENCES orders (id),
    merchant_uid     TEXT    NOT NULL UNIQUE,
    customer_uid     TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('again', 'schedule')),
    charge_at        INTEGER NOT NULL,              -- when PortOne is to charge (now, for again)
    registered_at    INTEGER,                       -- when PortOne accepted the schedule
    replaced         INTEGER NOT NULL DEFAULT 0 CHECK (replaced IN (0, 1)), -- revoked for a card change or an early charge
    created_at       INTEGER NOT NULL,
    UNIQUE (subscription_id, cycle, attempt)
);

-- What happened to a subscription apart from its charges' own order timelines.
CREATE TABLE subscription_events (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id),
    source           TEXT    NOT NULL,
    detail           TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
);

CREATE INDEX subscription_events_subscription ON subscription_events (subscription_id, id);
