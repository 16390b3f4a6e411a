-- Checkouts whose bought quantities were taken off a cart: a repeated request (a resumed checkout saga) takes nothing twice.
CREATE TABLE checked_out (
    checkout_id text PRIMARY KEY,
    customer_id text NOT NULL,
    at          timestamptz NOT NULL
);
