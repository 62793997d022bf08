-- 0008: tickets keeps its key, (source, source_key), without a primary-key
-- index, as ticket_events and comments do since 0007. DuckDB holds the
-- index entries a transaction adds in memory it cannot spill, and builds
-- them row by row: at 1M tickets the index was about 0.7 s of a 9 s ingest
-- (docs/performance.md). The merge (ingest/run.go) writes each key once,
-- a fresh load goes straight in only when each key is in the file once,
-- and the build's unique test of stg_tickets checks it. DuckDB cannot drop
-- a constraint, so the table is rebuilt, in its column order.
create table tickets_0008 (
    source              varchar not null,
    source_key          varchar not null,
    title               varchar,
    description         varchar,
    kind                varchar,            -- incident, request, bug, task, ...
    status_raw          varchar,
    status              varchar not null,   -- new/open/in_progress/waiting/resolved/closed/canceled
    priority_raw        varchar,
    priority            varchar,            -- p1..p4, null when unknown
    created_at          timestamp not null,
    first_response_at   timestamp,
    resolved_at         timestamp,
    closed_at           timestamp,
    updated_at          timestamp not null,
    requester           varchar,
    requester_team      varchar,
    assignee            varchar,
    assignment_group    varchar,
    category            varchar,
    labels              varchar[] not null,
    components          varchar[] not null,
    channel             varchar,
    reopen_count        integer,
    reassignment_count  integer,
    handle_minutes      double,             -- logged work where the source has it
    is_sla_breached     boolean,
    is_deleted          boolean not null,
    url                 varchar,
    raw                 json,
    run_id              varchar not null,
    source_file         varchar not null,
    source_line         bigint not null
);
insert into tickets_0008 select * from tickets;
drop table tickets;
alter table tickets_0008 rename to tickets;
