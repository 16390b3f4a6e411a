-- Stock pools: stock set aside for a campaign (a flash sale). A pool is a reservation whose lines
-- shrink as other reservations take units out of it (reservation_line.from_pool); those units
-- stay "reserved" in stock_item the whole time, so available + reserved + sold = received holds.
ALTER TABLE reservation ADD COLUMN pool boolean NOT NULL DEFAULT false;
ALTER TABLE reservation_line ADD COLUMN from_pool text REFERENCES reservation (id);
ALTER TABLE reservation_line DROP CONSTRAINT reservation_line_quantity_check;
ALTER TABLE reservation_line ADD CONSTRAINT reservation_line_quantity_check CHECK (quantity >= 0);
