-- Each workflow counts the executions queued for it. On PostgreSQL, queueing one takes its number
-- from this counter in the same statement (`UPDATE … RETURNING`), so two instances queueing for one
-- workflow at the same moment get two numbers; `MAX(execution_number) + 1` read the same maximum
-- in both. SQLite has one writer at a time, and keeps reading the maximum.
ALTER TABLE workflows ADD COLUMN execution_count INTEGER NOT NULL DEFAULT 0;
UPDATE workflows SET execution_count = (
    SELECT COALESCE(MAX(execution_number), 0) FROM workflow_executions WHERE workflow_executions.workflow_id = workflows.id
);
