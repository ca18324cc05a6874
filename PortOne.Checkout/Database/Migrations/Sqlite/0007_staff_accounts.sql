-- Staff sign in as themselves: one row per person, with a role that decides what they may do.
-- Rows are disabled, never deleted, so the audit trail always names a real account.
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    user_name      TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(user_name) BETWEEN 1 AND 64),
    password_hash  TEXT    NOT NULL, -- ASP.NET Core Identity's PasswordHasher format
    role           TEXT    NOT NULL CHECK (role IN ('owner', 'staff', 'viewer')),
    disabled_at    INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- A signed-in browser. The cookie carries only the id; deleting the row signs that browser out
-- even if someone kept a copy of the cookie.
CREATE TABLE staff_sessions (
    id           TEXT    PRIMARY KEY, -- SHA-256 of the id in the cookie, never the id itself
    staff_id     INTEGER NOT NULL REFERENCES staff (id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

-- Who did what, when, to which order or account, and how it ended. Append-only. The actor's name is
-- copied so the entry still reads right for a failed sign-in under a name that has no account.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    staff_id    INTEGER REFERENCES staff (id),
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT,             -- a merchant_uid or a staff user name
    result      TEXT    NOT NULL, -- done or failed (see AuditResults)
    detail      TEXT              -- what staff were told, in their language; never a card or receipt number
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_target ON audit_log (target, at);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
