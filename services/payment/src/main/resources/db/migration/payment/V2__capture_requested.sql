-- When the customer approved at the gateway: a second approval sends no second capture request.
ALTER TABLE payment_intent ADD COLUMN capture_requested_at timestamptz;
