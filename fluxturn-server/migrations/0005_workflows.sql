-- Workflows: FluxTurn's canvas, stored as given (unknown keys kept); `version` goes up with every
-- canvas change, and each execution records the version it ran.
CREATE TABLE workflows (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    canvas TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    extra TEXT NOT NULL DEFAULT '{}',
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX workflows_listing ON workflows (created_at);

-- Executions, queued by triggers and the API and claimed by the workers in `seq` order. A run
-- paused by a WAIT node is `waiting` until `resume_at` (Unix seconds), kept here across restarts.
-- `run_data` holds every node's inputs, outputs, errors and timings; a failed run keeps what ran.
CREATE TABLE workflow_executions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    workflow_id TEXT NOT NULL,
    workflow_version INTEGER NOT NULL,
    execution_number INTEGER NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    trigger_node TEXT,
    trigger_data TEXT,
    run_data TEXT,
    output_data TEXT,
    error TEXT,
    retry_of TEXT,
    started_at TEXT,
    finished_at TEXT,
    duration_ms INTEGER,
    resume_at INTEGER,
    created_at TEXT NOT NULL
);

CREATE INDEX workflow_executions_queue ON workflow_executions (status, seq);
CREATE INDEX workflow_executions_waiting ON workflow_executions (status, resume_at);
CREATE INDEX workflow_executions_workflow ON workflow_executions (workflow_id, seq);

-- A trigger registration made for a workflow's trigger node starts that workflow.
ALTER TABLE trigger_registrations ADD COLUMN workflow_id TEXT;
ALTER TABLE trigger_registrations ADD COLUMN node_id TEXT;
CREATE INDEX trigger_registrations_workflow ON trigger_registrations (workflow_id);
