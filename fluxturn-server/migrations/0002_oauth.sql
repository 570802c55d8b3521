-- OAuth2: single-use `state` values (stored hashed) with their PKCE verifier (encrypted), and the
-- connection status of each configuration.
CREATE TABLE oauth_states (
    state_hash TEXT PRIMARY KEY NOT NULL,
    config_id TEXT NOT NULL,
    pkce_verifier BLOB,
    redirect_uri TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

ALTER TABLE connector_configs ADD COLUMN oauth_status TEXT;
ALTER TABLE connector_configs ADD COLUMN oauth_error TEXT;
