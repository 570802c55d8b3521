-- Queueing an execution numbers it `MAX(execution_number) + 1` among its workflow's executions.
-- Without this index that read every kept execution of the workflow (up to the pruning limit of
-- 10,000, each row with its run data), on every webhook: it was where the side-by-side benchmark
-- against n8n found most of a queued execution's time going.
CREATE INDEX workflow_executions_number ON workflow_executions (workflow_id, execution_number);
