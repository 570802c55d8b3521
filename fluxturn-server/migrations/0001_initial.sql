-- Connector definitions, seeded from the code on every start (never deleted: configurations
-- reference them; a definition no longer in the code is marked inactive).
CREATE TABLE connector_definitions (
    name TEXT PRIMARY KEY NOT NULL,
    definition TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A user's configured connection to one connector type. Credentials are AES-256-GCM encrypted.
CREATE TABLE connector_configs (
    id TEXT PRIMARY KEY NOT NULL,
    connector_type TEXT NOT NULL,
    name TEXT NOT NULL,
    credentials BLOB NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    last_test_at TEXT,
    last_test_success INTEGER,
    last_test_message TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX connector_configs_type ON connector_configs (connector_type);
