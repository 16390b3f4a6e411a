-- Every request we send to the gateway, written in the transaction of the state change that calls
-- for it (an outbox towards the gateway) and sent after the commit, outside any transaction, again
-- and again with back-off until the gateway answers it with a callback. id is the idempotency key
-- the gateway sees, the same on every attempt, so a request sent twice takes effect once.
CREATE TABLE gateway_request (
    id              text PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('CAPTURE', 'DECLINE', 'REFUND')),
    payment_id      text NOT NULL REFERENCES payment_intent (id),
    refund_id       text,
    amount          numeric(19, 4) NOT NULL CHECK (amount > 0),
    currency        char(3) NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    answered_at     timestamptz,
    CHECK ((kind = 'REFUND') = (refund_id IS NOT NULL))
);
CREATE INDEX gateway_request_due ON gateway_request (next_attempt_at) WHERE answered_at IS NULL;
-- one answer at the gateway per payment, one request per refund
CREATE UNIQUE INDEX gateway_request_answer ON gateway_request (payment_id) WHERE kind IN ('CAPTURE', 'DECLINE');
CREATE UNIQUE INDEX gateway_request_refund ON gateway_request (payment_id, refund_id) WHERE kind = 'REFUND';

-- Refunds requested before this table existed are asked for again through it.
INSERT INTO gateway_request (id, kind, payment_id, refund_id, amount, currency, next_attempt_at, created_at)
SELECT 'gwr_' || md5(r.payment_id || '/' || r.id), 'REFUND', r.payment_id, r.id, r.amount, p.currency, now(), r.requested_at
FROM refund r JOIN payment_intent p ON p.id = r.payment_id WHERE r.status = 'REQUESTED';

-- Callbacks we refused (a wrong amount, an unknown payment or refund) are kept here, apart from the
-- events we took in (gateway_event): a refusal does not use up its event id, so the gateway's
-- corrected callback under the same id is still applied.
CREATE TABLE gateway_event_refusal (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    text NOT NULL,
    payment_id  text NOT NULL,
    type        text NOT NULL,
    outcome     text NOT NULL,
    detail      text,
    received_at timestamptz NOT NULL
);
CREATE INDEX gateway_event_refusal_payment ON gateway_event_refusal (payment_id, received_at);

-- Refusals recorded before in gateway_event move to their own table and free their event ids.
INSERT INTO gateway_event_refusal (event_id, payment_id, type, outcome, detail, received_at)
SELECT event_id, payment_id, type, outcome, detail, received_at FROM gateway_event WHERE outcome LIKE 'REJECTED%';
DELETE FROM gateway_event WHERE outcome LIKE 'REJECTED%';
