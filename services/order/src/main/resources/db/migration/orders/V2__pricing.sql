-- What each line and order was priced at by the pricing engine (promotion service): the list
-- price, where the unit price came from, the line's share of order-level discounts and which
-- promotions they were; the order's shipping. total = Σ (unit_price × quantity − discount) + shipping.
ALTER TABLE order_line ADD COLUMN list_price numeric(19, 4);
UPDATE order_line SET list_price = unit_price;
ALTER TABLE order_line ALTER COLUMN list_price SET NOT NULL;
ALTER TABLE order_line ADD COLUMN price_source text NOT NULL DEFAULT 'LIST'
    CHECK (price_source IN ('LIST', 'TIME_LIMITED', 'FLASH'));
ALTER TABLE order_line ADD COLUMN discount numeric(19, 4) NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE order_line ADD COLUMN promotions jsonb NOT NULL DEFAULT '[]';
ALTER TABLE customer_order ADD COLUMN shipping numeric(19, 4) NOT NULL DEFAULT 0 CHECK (shipping >= 0);
