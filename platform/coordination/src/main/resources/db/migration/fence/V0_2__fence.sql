-- The highest fencing token each protected resource has seen, in the schema of the service that
-- owns the resource. A write with a lower token is refused (Fence.check).
CREATE TABLE fence (
    resource   text PRIMARY KEY,
    token      bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
