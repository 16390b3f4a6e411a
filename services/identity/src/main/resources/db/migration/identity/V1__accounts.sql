CREATE TABLE account (
    id            text PRIMARY KEY,
    email         text NOT NULL,
    password_hash text NOT NULL,
    display_name  text NOT NULL,
    role          text NOT NULL CHECK (role IN ('CUSTOMER', 'MERCHANT', 'ADMIN')),
    merchant_id   text,
    created_at    timestamptz NOT NULL,
    CONSTRAINT merchant_staff_has_merchant CHECK ((role = 'MERCHANT') = (merchant_id IS NOT NULL))
);
-- Emails are compared case-insensitively; the application stores them lower-cased.
CREATE UNIQUE INDEX account_email ON account (lower(email));
