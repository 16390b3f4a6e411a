-- Stock per SKU. The CHECKs make the no-oversell invariant a property of the data itself:
-- whatever the code does, available + reserved + sold = received and nothing goes negative.
CREATE TABLE stock_item (
    sku_id      text PRIMARY KEY,
    merchant_id text NOT NULL,
    received    bigint NOT NULL DEFAULT 0 CHECK (received >= 0),
    available   bigint NOT NULL DEFAULT 0 CHECK (available >= 0),
    reserved    bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    sold        bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    updated_at  timestamptz NOT NULL,
    CONSTRAINT stock_adds_up CHECK (available + reserved + sold = received)
);
CREATE INDEX stock_item_merchant ON stock_item (merchant_id);

-- A receipt is recorded once: receiving again with the same id has no second effect.
CREATE TABLE receipt (
    id          text PRIMARY KEY,
    sku_id      text NOT NULL REFERENCES stock_item (sku_id),
    quantity    bigint NOT NULL CHECK (quantity > 0),
    received_at timestamptz NOT NULL
);

CREATE TABLE reservation (
    id          text PRIMARY KEY,
    order_ref   text NOT NULL,
    status      text NOT NULL CHECK (status IN ('RESERVED', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX reservation_due ON reservation (expires_at) WHERE status = 'RESERVED';
CREATE INDEX reservation_order ON reservation (order_ref);

CREATE TABLE reservation_line (
    reservation_id text NOT NULL REFERENCES reservation (id),
    sku_id         text NOT NULL REFERENCES stock_item (sku_id),
    quantity       bigint NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (reservation_id, sku_id)
);
