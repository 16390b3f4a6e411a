-- The checkout saga's row: inserted when the request arrives, moved by each step (version-guarded).
CREATE TABLE checkout_saga (
    id              text PRIMARY KEY,
    customer_id     text NOT NULL,
    idempotency_key text NOT NULL,
    request_hash    text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('CART', 'FLASH')),
    state           text NOT NULL,
    data            jsonb NOT NULL,
    problem         jsonb,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL,
    version         integer NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT one_saga_per_key UNIQUE (customer_id, idempotency_key)
);
-- One cart, one checkout at a time: a second cart checkout of the customer waits while one holds the cart.
CREATE UNIQUE INDEX checkout_saga_one_cart_at_a_time ON checkout_saga (customer_id)
    WHERE kind = 'CART' AND state IN ('PRICING', 'HOLDING_PROMOTIONS', 'RESERVING', 'OPENING_PAYMENT', 'PLACING_ORDERS',
                                      'CLEARING_CART', 'FAILING');
-- What the resume job looks at: sagas with a step to take.
CREATE INDEX checkout_saga_due ON checkout_saga (next_attempt_at)
    WHERE state NOT IN ('AWAITING_PAYMENT', 'PAID', 'CANCELLED', 'FAILED');

-- Checkouts placed before the saga existed: their orders and payment exist, so each is waiting for its
-- payment or past it. Their data is what the later steps need (payment, total, the answer).
INSERT INTO checkout_saga (id, customer_id, idempotency_key, request_hash, kind, state, data, next_attempt_at, version,
                           created_at, updated_at)
SELECT c.id, c.customer_id, c.idempotency_key, c.request_hash,
       CASE WHEN c.idempotency_key LIKE 'flash:%' THEN 'FLASH' ELSE 'CART' END,
       CASE WHEN bool_or(o.status = 'PENDING_PAYMENT') THEN 'AWAITING_PAYMENT'
            WHEN bool_and(o.status = 'CANCELLED') THEN 'CANCELLED'
            ELSE 'PAID' END,
       jsonb_build_object('kind', CASE WHEN c.idempotency_key LIKE 'flash:%' THEN 'FLASH' ELSE 'CART' END,
                          'stockReserved', true, 'paymentId', c.payment_id, 'view', c.response,
                          'quote', c.response -> 'pricing', 'shipTo', min(o.shipping_address::text)::jsonb,
                          'flashQuantity', 0),
       now(), 1, c.created_at, now()
FROM checkout c JOIN customer_order o ON o.checkout_id = c.id
GROUP BY c.id;
