-- One-time tokens carried by staff forms that move money (a refund). The first POST that spends its
-- token acts; a replay of the same form (a double click, back and resubmit, a retried request, a
-- copy sent at the same moment) finds it spent and changes nothing. A token is random, bound to one
-- order and one purpose, and worthless once used or old. Only its SHA-256 is kept, so reading the
-- database yields no token that a form could still spend.
CREATE TABLE staff_form_tokens (
    token_hash  TEXT    PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    purpose     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    used_at     INTEGER
);

CREATE INDEX staff_form_tokens_created_at ON staff_form_tokens (created_at);
