-- ASP.NET Core data protection keys (they sign the staff cookie and the antiforgery tokens), shared
-- by every instance so that what one issued another can read. A key element is written once and
-- never changed; revocations are elements of their own. The XML is stored as the key manager hands
-- it over: unencrypted unless the deployment adds a key encryptor.
CREATE TABLE data_protection_keys (
    friendly_name  TEXT    PRIMARY KEY,
    xml            TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL
);
