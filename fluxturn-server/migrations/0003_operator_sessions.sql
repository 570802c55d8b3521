-- Single-operator mode: the sessions FluxTurn's frontend signs in to with the API token. Tokens
-- are stored as SHA-256 digests; the refresh token rotates on every refresh.
CREATE TABLE operator_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    access_hash TEXT NOT NULL UNIQUE,
    access_expires_at INTEGER NOT NULL,
    refresh_hash TEXT NOT NULL UNIQUE,
    refresh_expires_at INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
