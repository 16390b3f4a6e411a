CREATE TABLE cart_line (
    customer_id text NOT NULL,
    sku_id      text NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    added_at    timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (customer_id, sku_id)
);
