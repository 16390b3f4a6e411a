-- Version 0.1.1: fence owns 0.2 in the same schemas, and Flyway versions must be unique per schema.
-- Per-subscription delivery: the relay fans each outbox event out into one event_delivery row per
-- subscription of its type (in the publisher's schema, next to the outbox), and delivers those rows
-- independently. published_at now means "fanned out"; an outbox row still unpublished when this
-- migration runs is fanned out like a new one, so nothing committed before the upgrade is lost.

-- The aggregate the event is about: deliveries wait only for earlier ones of the same aggregate and
-- subscription. Rows written before this column existed share one aggregate per outbox, so those
-- still undelivered keep the order per outbox they were written under.
ALTER TABLE outbox ADD COLUMN aggregate_id text NOT NULL DEFAULT 'outbox';
ALTER TABLE outbox ALTER COLUMN aggregate_id DROP DEFAULT;

-- The order of appends: occurred_at comes from the clock and ties within a batch (appendAll) or a
-- fixed test clock; existing rows are numbered in the order the old relay used.
CREATE SEQUENCE outbox_position_seq;
ALTER TABLE outbox ADD COLUMN position bigint;
UPDATE outbox o SET position = r.n
  FROM (SELECT id, row_number() OVER (ORDER BY occurred_at, id) AS n FROM outbox) r
 WHERE o.id = r.id;
SELECT setval('outbox_position_seq', COALESCE((SELECT max(position) FROM outbox), 0) + 1, false);
ALTER TABLE outbox ALTER COLUMN position SET DEFAULT nextval('outbox_position_seq');
ALTER TABLE outbox ALTER COLUMN position SET NOT NULL;
ALTER SEQUENCE outbox_position_seq OWNED BY outbox.position;

DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (position) WHERE published_at IS NULL;

CREATE TABLE event_delivery (
    id              uuid PRIMARY KEY,
    event_id        uuid NOT NULL REFERENCES outbox (id),
    subscription    text NOT NULL,
    aggregate_id    text NOT NULL,
    position        bigint NOT NULL,
    state           text NOT NULL CHECK (state IN ('PENDING', 'COMPLETED', 'PARKED')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    parked_at       timestamptz,
    resubmitted_at  timestamptz,
    UNIQUE (event_id, subscription)
);
-- the due deliveries, in order
CREATE INDEX event_delivery_pending ON event_delivery (position) WHERE state = 'PENDING';
-- what holds a delivery back: an earlier unfinished one of its aggregate and subscription
CREATE INDEX event_delivery_unfinished ON event_delivery (subscription, aggregate_id, position) WHERE state <> 'COMPLETED';
CREATE INDEX event_delivery_parked ON event_delivery (parked_at, id) WHERE state = 'PARKED';
