-- Cash receipts for money received outside PortOne (현금영수증 발급(외부)), e.g. a transfer to the
-- merchant's own account. The buyer's number is personal data and is deliberately not kept.
CREATE TABLE external_receipts (
    id            INTEGER PRIMARY KEY,
    merchant_uid  TEXT    NOT NULL UNIQUE CHECK (length(merchant_uid) <= 40),
    name          TEXT    NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    type          TEXT    NOT NULL CHECK (type IN ('person', 'company')),
    status        TEXT    NOT NULL CHECK (status IN ('requested', 'issued', 'refused', 'cancelled')),
    apply_num     TEXT,
    receipt_url   TEXT,
    issued_at     INTEGER,
    cancelled_at  INTEGER,
    detail        TEXT,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE INDEX external_receipts_created_at ON external_receipts (created_at DESC);
