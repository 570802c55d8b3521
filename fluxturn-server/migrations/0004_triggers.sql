-- Trigger registrations: one per subscribed trigger (standalone now, a workflow's trigger node
-- later). The database, not memory, is the truth at start-up: polls resume from `cursor` and
-- `next_run_at`, and nothing still valid is subscribed again.
CREATE TABLE trigger_registrations (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL DEFAULT 'standalone',
    config_id TEXT,
    connector_type TEXT NOT NULL,
    trigger_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    trigger_config TEXT NOT NULL DEFAULT '{}',
    secret BLOB,
    upstream_id TEXT,
    upstream_state TEXT,
    cursor TEXT,
    poll_interval_secs INTEGER,
    next_run_at INTEGER,
    status TEXT NOT NULL DEFAULT 'active',
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_run_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX trigger_registrations_due ON trigger_registrations (kind, next_run_at);
CREATE INDEX trigger_registrations_config ON trigger_registrations (config_id);

-- Events a trigger received or polled, newest listed first. `event_key` (the provider's event id)
-- is unique per registration, so a redelivery inside the retention window is stored once.
CREATE TABLE trigger_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    registration_id TEXT NOT NULL,
    event_key TEXT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_unix INTEGER NOT NULL
);

CREATE UNIQUE INDEX trigger_events_dedupe ON trigger_events (registration_id, event_key) WHERE event_key IS NOT NULL;
CREATE INDEX trigger_events_listing ON trigger_events (registration_id, seq);
