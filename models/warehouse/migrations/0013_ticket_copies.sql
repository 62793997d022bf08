-- 0013: ticket_copies keeps the copies of a ticket (per source and key)
-- whose row takes fields from more than one of them: where the winning
-- copy does not know a field another copy gives (a Jira CSV has no
-- reopen count, its REST export does; a Zendesk deletion record knows
-- only the subject and when). The merge sets the row from the copies
-- (ingest/run.go, fillFromCopies), so the outcome does not depend on the
-- order the files come in; a key whose row is its winning copy as it is
-- has none here. Each copy is ranked as the merge ranks them: updated_at,
-- then is_deleted, then hash (the MD5 of its raw record). No index, as
-- 0007 and 0008: the merge keeps each (source, source_key, hash) once.
--
-- notice: tickets merged before it from copies that know different fields (a Jira CSV and the
-- notice: REST export of the same issues, Zendesk tickets and their deletion records) keep the
-- notice: winning copy's row as it was, without the other copy's reopen and reassignment counts,
-- notice: SLA flag, link or first response. Ingesting the same files again changes nothing (they
-- notice: are skipped as unchanged): to have those fields filled, ingest them into a new
-- notice: warehouse (--db).
create table ticket_copies (
    source              varchar not null,
    source_key          varchar not null,
    updated_at          timestamp not null,
    is_deleted          boolean not null,
    hash                varchar not null,   -- md5 of the copy's raw record
    partial             boolean not null,   -- knows only some fields: its empty ones are unknown
    title               varchar,
    description         varchar,
    kind                varchar,
    priority_raw        varchar,
    priority            varchar,
    first_response_at   timestamp,
    resolved_at         timestamp,
    closed_at           timestamp,
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
    handle_minutes      double,
    is_sla_breached     boolean,
    url                 varchar
);
