CREATE TABLE checkout (
    id              text PRIMARY KEY,
    customer_id     text NOT NULL,
    idempotency_key text NOT NULL,
    request_hash    text NOT NULL,
    payment_id      text NOT NULL,
    total           numeric(19, 4) NOT NULL,
    currency        char(3) NOT NULL,
    response        jsonb NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT one_checkout_per_key UNIQUE (customer_id, idempotency_key)
);

CREATE TABLE customer_order (
    id               text PRIMARY KEY,
    checkout_id      text NOT NULL REFERENCES checkout (id),
    customer_id      text NOT NULL,
    merchant_id      text NOT NULL,
    status           text NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED',
                                                     'CANCELLED', 'REFUND_REQUESTED', 'REFUNDED')),
    total            numeric(19, 4) NOT NULL,
    currency         char(3) NOT NULL,
    shipping_address jsonb NOT NULL,
    payment_id       text NOT NULL,
    carrier          text,
    tracking_number  text,
    refund_approved  boolean NOT NULL DEFAULT false,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX customer_order_customer ON customer_order (customer_id, created_at DESC);
CREATE INDEX customer_order_merchant ON customer_order (merchant_id, status, created_at DESC);
CREATE INDEX customer_order_checkout ON customer_order (checkout_id);
CREATE INDEX customer_order_unpaid ON customer_order (created_at) WHERE status = 'PENDING_PAYMENT';
CREATE INDEX customer_order_delivered ON customer_order (updated_at) WHERE status = 'DELIVERED';

CREATE TABLE order_line (
    order_id     text NOT NULL REFERENCES customer_order (id),
    line_no      integer NOT NULL,
    sku_id       text NOT NULL,
    product_id   text NOT NULL,
    product_name text NOT NULL,
    attributes   jsonb NOT NULL,
    quantity     integer NOT NULL CHECK (quantity > 0),
    unit_price   numeric(19, 4) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_timeline (
    order_id text NOT NULL REFERENCES customer_order (id),
    seq      bigserial,
    status   text NOT NULL,
    note     text,
    at       timestamptz NOT NULL,
    PRIMARY KEY (order_id, seq)
);
