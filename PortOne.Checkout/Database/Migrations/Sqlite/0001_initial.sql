-- Money is integer won; times are unix seconds (UTC).

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT    NOT NULL UNIQUE,
    name_ko     TEXT    NOT NULL,
    name_en     TEXT    NOT NULL,
    price       INTEGER NOT NULL CHECK (price > 0),
    tax_free    INTEGER NOT NULL DEFAULT 0 CHECK (tax_free IN (0, 1)),
    image       TEXT    NOT NULL DEFAULT '', -- an icon key the catalog page knows
    sort_order  INTEGER NOT NULL DEFAULT 0
);

INSERT INTO products (sku, name_ko, name_en, price, tax_free, image, sort_order) VALUES
    ('SHOE-WAFFLE',  '나이키 와플 트레이너 2 SD', 'Nike Waffle Trainer 2 SD', 109000, 0, 'shoe', 1),
    ('TEE-COTTON',   '오가닉 코튼 반팔 티셔츠',   'Organic cotton T-shirt',    29000, 0, 'shirt', 2),
    ('BOOK-HANGUL',  '한글의 탄생 (도서)',        'The Birth of Hangul (book)', 18000, 1, 'book', 3),
    ('MUG-CELADON',  '청자 머그컵',               'Celadon mug',                12000, 0, 'mug', 4),
    ('BAG-CANVAS',   '캔버스 토트백',             'Canvas tote bag',            54000, 0, 'bag', 5);

CREATE TABLE orders (
    id                INTEGER PRIMARY KEY,
    merchant_uid      TEXT    NOT NULL UNIQUE CHECK (length(merchant_uid) <= 40),
    access_key        TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    order_name        TEXT    NOT NULL,
    amount            INTEGER NOT NULL CHECK (amount > 0),
    tax_free          INTEGER NOT NULL DEFAULT 0,
    currency          TEXT    NOT NULL DEFAULT 'KRW',
    pay_method        TEXT    NOT NULL,
    card_quota        INTEGER NOT NULL DEFAULT 0,
    card_code         TEXT,
    buyer_name        TEXT    NOT NULL,
    buyer_email       TEXT    NOT NULL,
    buyer_tel         TEXT    NOT NULL,
    buyer_addr        TEXT    NOT NULL,
    buyer_postcode    TEXT    NOT NULL,
    imp_uid           TEXT,
    cancelled_amount  INTEGER NOT NULL DEFAULT 0,
    paid_card_name    TEXT,
    paid_card_quota   INTEGER,
    vbank_name        TEXT,
    vbank_num         TEXT,
    vbank_due         INTEGER,
    receipt_url       TEXT,
    status_reason     TEXT,
    flag              TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    paid_at           INTEGER
);

CREATE INDEX orders_created_at ON orders (created_at DESC);
CREATE INDEX orders_status ON orders (status, updated_at);

CREATE TABLE order_items (
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    product_id  INTEGER NOT NULL REFERENCES products (id),
    name        TEXT    NOT NULL,
    unit_price  INTEGER NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    tax_free    INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

-- Every state change of an order, for the admin's timeline; nothing secret is stored here.
CREATE TABLE payment_events (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER REFERENCES orders (id),
    merchant_uid    TEXT,
    imp_uid         TEXT,
    source          TEXT    NOT NULL,
    portone_status  TEXT,
    status_before   TEXT,
    status_after    TEXT,
    detail          TEXT,
    created_at      INTEGER NOT NULL
);

CREATE INDEX payment_events_order ON payment_events (order_id, id);
