CREATE TABLE payment_intent (
    id              text PRIMARY KEY,
    checkout_id     text NOT NULL UNIQUE,
    customer_id     text NOT NULL,
    amount          numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency        char(3) NOT NULL,
    status          text NOT NULL CHECK (status IN ('PENDING', 'CAPTURED', 'FAILED', 'CANCELLED', 'PARTIALLY_REFUNDED',
                                                    'REFUNDED', 'REVERSING', 'REVERSED')),
    refunded_amount numeric(19, 4) NOT NULL DEFAULT 0,
    gateway_reference text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT refunds_within_capture CHECK (refunded_amount >= 0 AND refunded_amount <= amount)
);
CREATE INDEX payment_intent_customer ON payment_intent (customer_id);

CREATE TABLE refund (
    id           text NOT NULL,
    payment_id   text NOT NULL REFERENCES payment_intent (id),
    amount       numeric(19, 4) NOT NULL CHECK (amount > 0),
    status       text NOT NULL CHECK (status IN ('REQUESTED', 'SUCCEEDED')),
    requested_at timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (payment_id, id)
);

-- Every callback the gateway sent, whatever became of it: duplicates are dropped by event_id,
-- and rejected ones (bad amount, unknown payment) stay on record.
CREATE TABLE gateway_event (
    event_id    text PRIMARY KEY,
    payment_id  text NOT NULL,
    type        text NOT NULL,
    outcome     text NOT NULL,
    detail      text,
    received_at timestamptz NOT NULL
);
