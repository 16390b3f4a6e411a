-- Version 0.1.2: events received from other services over a broker (Kafka mode).
-- A consuming service's group copies each event one of its subscriptions takes from the broker into its own
-- outbox table, marked with the schema that published it, in one transaction and once per event id (a
-- redelivered record finds its row). The relay of the consuming service then fans it out to its own
-- subscriptions and delivers it in this schema, as it does its own events in one process: per subscription,
-- in order per aggregate, parked after too many failures, resubmitted by an admin. Its own events (NULL here)
-- are published to the broker instead. In one process (the in-process transport) no row is received.
ALTER TABLE outbox ADD COLUMN received_from text;
CREATE INDEX outbox_received_pending ON outbox (received_from, position) WHERE published_at IS NULL;
