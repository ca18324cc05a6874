-- Regular customers who pay by transfer into a fixed virtual account (고정식 가상계좌). The vbank_key
-- names the customer to TossPayments, which keeps one account number per key; the server makes it
-- up and staff never type it.
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    phone       TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    vbank_key   TEXT    NOT NULL UNIQUE,
    vbank_code  TEXT    NOT NULL,
    vbank_name  TEXT,
    vbank_num   TEXT,
    created_at  INTEGER NOT NULL
);

-- Every account issued for a customer is an order (an invoice with its amount and deadline), so its
-- deposit is applied by the same sync as any virtual account. closed_at: staff closed it unpaid.
CREATE TABLE customer_accounts (
    order_id     INTEGER PRIMARY KEY REFERENCES orders (id),
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    closed_at    INTEGER
);

CREATE INDEX customer_accounts_customer ON customer_accounts (customer_id, order_id);
