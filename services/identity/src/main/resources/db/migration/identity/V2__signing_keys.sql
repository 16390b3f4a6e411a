-- The keys that sign access tokens (RS256). Only the identity service reads this table: the private parts never
-- leave it; every other process verifies with the public keys identity publishes at /api/identity/.well-known/jwks.json.
-- The key that signs is the newest whose signs_from has come; a newer one is published before it signs.
CREATE TABLE signing_key (
    kid         text PRIMARY KEY,
    algorithm   text NOT NULL CHECK (algorithm = 'RS256'),
    jwk         text NOT NULL, -- the key as a JWK, private part included
    created_at  timestamptz NOT NULL,
    signs_from  timestamptz NOT NULL UNIQUE
);
