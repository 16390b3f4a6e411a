-- Units of a confirmed reservation that came back (a refunded order): sold -> available, once per return id.
CREATE TABLE stock_return (
    id             text NOT NULL,
    reservation_id text NOT NULL REFERENCES reservation (id),
    sku_id         text NOT NULL REFERENCES stock_item (sku_id),
    quantity       bigint NOT NULL CHECK (quantity > 0),
    returned_at    timestamptz NOT NULL,
    PRIMARY KEY (id, sku_id)
);
CREATE INDEX stock_return_reservation ON stock_return (reservation_id);
