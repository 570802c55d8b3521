-- Running past one instance. An execution belongs to the instance that claimed it
-- (`lease_owner`) while that instance renews `lease_until` (Unix seconds); once the lease runs out,
-- any instance marks it crashed. A due poll or schedule run is taken until `lease_until`, so one
-- instance runs it, and a survivor takes it over when its instance died.
ALTER TABLE workflow_executions ADD COLUMN lease_owner TEXT;
ALTER TABLE workflow_executions ADD COLUMN lease_until INTEGER;
ALTER TABLE trigger_registrations ADD COLUMN lease_until INTEGER;

-- The version of the binary that last wrote a definition: an instance running an older binary
-- beside a newer one neither overwrites nor deactivates what the newer one registered.
ALTER TABLE connector_definitions ADD COLUMN written_by TEXT;

-- Named leases: a long-lived job (a Gateway connection) runs on the one instance holding its
-- lease, which renews it; when that instance dies, another takes the lease once `until` (Unix
-- seconds) has passed.
CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    until INTEGER NOT NULL
);
