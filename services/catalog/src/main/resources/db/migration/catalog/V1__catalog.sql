CREATE TABLE category (
    id        text PRIMARY KEY,
    slug      text NOT NULL UNIQUE,
    name      text NOT NULL,
    parent_id text REFERENCES category (id),
    position  integer NOT NULL DEFAULT 0
);

CREATE TABLE product (
    id          text PRIMARY KEY,
    merchant_id text NOT NULL,
    category_id text NOT NULL REFERENCES category (id),
    name        text NOT NULL,
    description text NOT NULL,
    status      text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'UNPUBLISHED')),
    currency    char(3) NOT NULL,
    version     integer NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    search      tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', name), 'A') ||
                    setweight(to_tsvector('english', description), 'B')) STORED
);
CREATE UNIQUE INDEX product_merchant_name ON product (merchant_id, lower(name));
CREATE INDEX product_search ON product USING gin (search);
CREATE INDEX product_listing ON product (status, created_at DESC);
CREATE INDEX product_category ON product (category_id);

CREATE TABLE sku (
    id           text PRIMARY KEY,
    product_id   text NOT NULL REFERENCES product (id),
    merchant_id  text NOT NULL,
    code         text NOT NULL,
    attributes   jsonb NOT NULL,
    price_amount numeric(19, 4) NOT NULL CHECK (price_amount > 0),
    currency     char(3) NOT NULL,
    position     integer NOT NULL,
    CONSTRAINT sku_code_per_merchant UNIQUE (merchant_id, code)
);
CREATE INDEX sku_product ON sku (product_id);
CREATE INDEX sku_price ON sku (price_amount);
