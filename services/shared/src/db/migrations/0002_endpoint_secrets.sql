-- Endpoint signing secrets move out of endpoints.secret into endpoint_secrets, encrypted with
-- AES-256-GCM by the services (the key is in their configuration, never in the database), one
-- row per key so that a rotation can keep the old key signing for an overlap.
-- SQL cannot encrypt here without the key, so existing plaintext secrets stay in
-- endpoints.secret until the api's start-up step seals them and sets the column to NULL.

ALTER TABLE endpoints ALTER COLUMN secret DROP NOT NULL;

ALTER TABLE endpoints ADD COLUMN signature_scheme text NOT NULL DEFAULT 'hmac-sha256'
  CHECK (signature_scheme IN ('hmac-sha256', 'ed25519'));

CREATE TABLE endpoint_secrets (
  id            uuid PRIMARY KEY,
  endpoint_id   uuid NOT NULL REFERENCES endpoints (id),
  scheme        text NOT NULL CHECK (scheme IN ('hmac-sha256', 'ed25519')),
  -- Which SECRET_ENCRYPTION_KEYS entry encrypted it; the GCM nonce; ciphertext with its tag.
  key_id        text NOT NULL,
  nonce         bytea NOT NULL,
  ciphertext    bytea NOT NULL,
  -- Ed25519 only: the public key (base64), which is not secret.
  public_key    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- NULL while current; set by a rotation to the end of the overlap.
  expires_at    timestamptz
);

CREATE INDEX endpoint_secrets_endpoint_idx ON endpoint_secrets (endpoint_id, created_at);
