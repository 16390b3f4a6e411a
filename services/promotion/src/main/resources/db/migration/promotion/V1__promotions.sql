-- Time-limited prices: a merchant's price for a SKU in [starts_at, ends_at).
CREATE TABLE price_schedule (
    id          text PRIMARY KEY,
    merchant_id text NOT NULL,
    sku_id      text NOT NULL,
    price       numeric(19, 4) NOT NULL CHECK (price > 0),
    currency    char(3) NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    status      text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
    created_at  timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX price_schedule_sku ON price_schedule (sku_id, starts_at) WHERE status = 'ACTIVE';
CREATE INDEX price_schedule_merchant ON price_schedule (merchant_id, created_at DESC);

-- Spend X, save Y (tiers as [{"threshold": "300.00", "discount": "50.00"}, ...]); merchant_id NULL = platform.
CREATE TABLE threshold_discount (
    id          text PRIMARY KEY,
    merchant_id text,
    name        text NOT NULL,
    currency    char(3) NOT NULL,
    tiers       jsonb NOT NULL,
    scope_kind  text NOT NULL CHECK (scope_kind IN ('ALL', 'MERCHANT', 'CATEGORY', 'PRODUCT')),
    scope_ids   text[] NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    status      text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
    created_at  timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX threshold_discount_window ON threshold_discount (ends_at) WHERE status = 'ACTIVE';

-- Coupon templates. The CHECKs make invariant 5 a property of the data: redeemed <= issued <= cap.
CREATE TABLE coupon_template (
    id                 text PRIMARY KEY,
    merchant_id        text,
    name               text NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('FIXED', 'PERCENT', 'THRESHOLD')),
    currency           char(3) NOT NULL,
    amount             numeric(19, 4),
    percent            numeric(5, 2),
    max_discount       numeric(19, 4),
    min_spend          numeric(19, 4),
    scope_kind         text NOT NULL CHECK (scope_kind IN ('ALL', 'MERCHANT', 'CATEGORY', 'PRODUCT')),
    scope_ids          text[] NOT NULL,
    valid_from         timestamptz NOT NULL,
    valid_until        timestamptz NOT NULL,
    total_cap          integer NOT NULL CHECK (total_cap > 0),
    per_customer_limit integer NOT NULL CHECK (per_customer_limit > 0),
    issued             integer NOT NULL DEFAULT 0 CHECK (issued >= 0),
    redeemed           integer NOT NULL DEFAULT 0 CHECK (redeemed >= 0),
    created_at         timestamptz NOT NULL,
    CONSTRAINT issued_within_cap CHECK (issued <= total_cap),
    CONSTRAINT redeemed_within_issued CHECK (redeemed <= issued),
    CHECK (valid_until > valid_from)
);

CREATE TABLE coupon (
    code        text PRIMARY KEY,
    template_id text NOT NULL REFERENCES coupon_template (id),
    customer_id text NOT NULL,
    status      text NOT NULL CHECK (status IN ('AVAILABLE', 'HELD', 'REDEEMED')),
    held_by     text,
    claimed_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK ((status = 'AVAILABLE') = (held_by IS NULL))
);
CREATE INDEX coupon_customer ON coupon (customer_id, template_id);
CREATE INDEX coupon_holder ON coupon (held_by) WHERE held_by IS NOT NULL;

-- What a checkout's price relied on, kept so a repeated hold returns the same quote.
CREATE TABLE pricing_hold (
    ref          text PRIMARY KEY,
    customer_id  text NOT NULL,
    request_hash text NOT NULL,
    quote        jsonb NOT NULL,
    status       text NOT NULL CHECK (status IN ('HELD', 'REDEEMED', 'RELEASED')),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Flash sales. Their stock is a pool in inventory (pool_id); here it is split into buckets so
-- admission never queues on one row. Σ bucket.remaining + Σ live claims = stock.
CREATE TABLE flash_sale (
    id                 text PRIMARY KEY,
    sku_id             text NOT NULL,
    product_id         text NOT NULL,
    product_name       text NOT NULL,
    merchant_id        text NOT NULL,
    list_price         numeric(19, 4) NOT NULL,
    price              numeric(19, 4) NOT NULL CHECK (price > 0),
    currency           char(3) NOT NULL,
    stock              integer NOT NULL CHECK (stock > 0),
    per_customer_limit integer NOT NULL CHECK (per_customer_limit > 0),
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    pool_id            text NOT NULL,
    buckets            integer NOT NULL CHECK (buckets > 0),
    status             text NOT NULL CHECK (status IN ('SCHEDULED', 'SETTLED', 'CANCELLED')),
    created_by         text NOT NULL,
    created_at         timestamptz NOT NULL,
    settled_at         timestamptz,
    CHECK (ends_at > starts_at)
);
CREATE INDEX flash_sale_sku ON flash_sale (sku_id, starts_at);
CREATE INDEX flash_sale_window ON flash_sale (ends_at, starts_at) WHERE status = 'SCHEDULED';

CREATE TABLE flash_bucket (
    sale_id   text NOT NULL REFERENCES flash_sale (id),
    bucket    integer NOT NULL,
    remaining integer NOT NULL CHECK (remaining >= 0),
    PRIMARY KEY (sale_id, bucket)
);

-- Units a customer holds or bought in a sale; the limit is checked by the conditional upsert.
CREATE TABLE flash_customer (
    sale_id     text NOT NULL REFERENCES flash_sale (id),
    customer_id text NOT NULL,
    bought      integer NOT NULL CHECK (bought >= 0),
    PRIMARY KEY (sale_id, customer_id)
);

-- A claim on flash units: by a flash purchase (ref = the purchase id = the order's checkout id)
-- or by a cart checkout (ref = the checkout id).
CREATE TABLE flash_claim (
    id               text PRIMARY KEY,
    sale_id          text NOT NULL REFERENCES flash_sale (id),
    ref              text NOT NULL,
    customer_id      text NOT NULL,
    quantity         integer NOT NULL CHECK (quantity > 0),
    bucket           integer NOT NULL,
    status           text NOT NULL CHECK (status IN ('HELD', 'PAID', 'RELEASED')),
    idempotency_key  text,
    shipping_address jsonb,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT one_claim_per_ref UNIQUE (sale_id, ref)
);
CREATE UNIQUE INDEX flash_claim_key ON flash_claim (customer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX flash_claim_ref ON flash_claim (ref);
CREATE INDEX flash_claim_stale ON flash_claim (created_at) WHERE status = 'HELD';
