-- What demo content this data directory has been given, so that it is given only once: a start
-- after users changed the demo (renamed a product, changed a price, sold the stock) leaves it be.
CREATE TABLE demo_seeding (
    part         text PRIMARY KEY,      -- 'marketplace' (accounts, catalog, stock) or 'promotions'
    started_at   timestamptz NOT NULL,
    completed_at timestamptz,           -- null: interrupted; the next start finishes it
    origin       text NOT NULL,         -- 'seeded', or 'found' (seeded by a version that kept no marker)
    sku_ids      jsonb                  -- demo SKU ids by code, for the daily demo flash sales
);
