-- 0012: ticket_metrics holds Zendesk ticket metrics loaded from a file of
-- their own (/api/v2/ticket_metrics.json), one row per (source,
-- source_key), the ticket's key: the latest updated_at wins, ties going to
-- the larger MD5 of raw, as for tickets (ingest/run.go, mergeMetrics).
-- After each file the run fills its tickets' first_response_at,
-- resolved_at, reopen_count and reassignment_count from them, unless the
-- ticket came with its own metric set (applyMetrics), so the figures hold
-- whichever file comes first and survive a later tickets file. No index,
-- as 0007 and 0008: the merge writes each key once.
create table ticket_metrics (
    source              varchar not null,
    source_key          varchar not null,   -- the ticket's key (ticket_id)
    updated_at          timestamp,
    solved_at           timestamp,
    reply_minutes       double,             -- reply_time_in_minutes.calendar
    reopens             integer,
    group_stations      integer,
    assignee_stations   integer,
    run_id              varchar,
    raw                 json
);
