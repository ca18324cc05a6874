-- Billing keys this app asked PortOne to delete and could not yet: the subscription upkeep retries
-- each with growing pauses until PortOne deletes it (or says it has no such key), and gives up after a
-- bounded number of attempts, when staff must delete it in PortOne's console. One row per key.
CREATE TABLE billing_key_deletions (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id),
    customer_uid     TEXT    NOT NULL UNIQUE,
    reason           TEXT    NOT NULL,           -- why it is deleted (card changed, subscription cancelled)
    attempts         INTEGER NOT NULL CHECK (attempts >= 1),
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,                       -- PortOne's answer to the last attempt; never card data
    deleted_at       INTEGER,                    -- PortOne deleted it, or had it no more
    gave_up_at       INTEGER,                    -- attempts used up: left to staff
    created_at       INTEGER NOT NULL
);

CREATE INDEX billing_key_deletions_due ON billing_key_deletions (next_attempt_at)
    WHERE deleted_at IS NULL AND gave_up_at IS NULL;

-- Cards staff registered as billing keys while taking a phone order (수기결제), to charge later.
-- Only PortOne's key id (made here, never typed) and the card as PortOne masks it: the card number,
-- expiry, birth date and PIN digits went to PortOne and nowhere else.
CREATE TABLE saved_cards (
    id            INTEGER PRIMARY KEY,
    customer_uid  TEXT    NOT NULL UNIQUE,
    customer_id   TEXT    NOT NULL,               -- our customer, as PortOne's customer_id (Toss wants one)
    holder_name   TEXT    NOT NULL,
    holder_tel    TEXT    NOT NULL,
    holder_email  TEXT    NOT NULL,
    card_name     TEXT,                           -- as PortOne reports it
    card_number   TEXT,                           -- masked by PortOne
    created_by    TEXT    NOT NULL,               -- the staff member who registered it
    created_at    INTEGER NOT NULL
);

CREATE INDEX saved_cards_created_at ON saved_cards (created_at DESC);
