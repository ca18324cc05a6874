-- What the shopper agreed to, what shipping cost, and which pay options went to the window.

-- 전자상거래법 제8조 / 시행령 제9조 and 개인정보 수집·이용 및 제3자 제공: the consent texts' version and
-- when each was ticked (unix seconds). Orders from before this migration have none.
ALTER TABLE orders ADD COLUMN consent_version    TEXT;
ALTER TABLE orders ADD COLUMN consent_order_at   INTEGER;
ALTER TABLE orders ADD COLUMN consent_privacy_at INTEGER;

-- Part of amount, computed by the server from the shipping rule.
ALTER TABLE orders ADD COLUMN shipping_fee INTEGER NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0);

-- JSON of the options sent with request_pay (cash receipt type, cultural expense, app card, escrow...).
ALTER TABLE orders ADD COLUMN pay_options TEXT;

-- Cultural goods (books, performances) make a bank payment eligible for 문화비 소득공제.
ALTER TABLE products ADD COLUMN cultural INTEGER NOT NULL DEFAULT 0 CHECK (cultural IN (0, 1));
UPDATE products SET cultural = 1 WHERE sku = 'BOOK-HANGUL';
