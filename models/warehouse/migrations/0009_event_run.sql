-- 0009: ticket_events records the run (ingest_runs.run_id) that wrote each
-- event, as tickets does. The merge needs it to join histories that come in
-- parts: an export cut by update time gives each part of a ticket's history
-- in a different file, and the part whose ticket row wins keeps the events
-- from its earliest on, while the other parts keep what came before it
-- (ingest/run.go, mergeStaging). Events stored before 0009 have none.
alter table ticket_events add column run_id varchar;
