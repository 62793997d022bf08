-- 0016: directory holds the names behind the ids a source gives for
-- people, groups and organizations, from the directory exports a source
-- has next to its tickets (Freshservice's agents, requesters, groups and
-- departments; Zendesk's users, groups and organizations, on their own or
-- side-loaded with tickets and audits). One row per (source, kind, id):
-- kind is person, group or organization; id is kept exactly as text (ids
-- beyond 2^53 too). The entry loaded last wins: within a file the last
-- copy in file order, across files the later file in the run's order, and
-- a later run's replaces an earlier one's (ingest/run.go,
-- mergeDirectory). The canonical tables keep the ids as the export gave
-- them; the staging models (stg_tickets, stg_ticket_events, stg_comments)
-- put the names in, so the outcome does not depend on whether the
-- directory came before or after the tickets. No index, as 0007 and 0008:
-- the merge writes each key once.
create table directory (
    source  varchar not null,
    kind    varchar not null,   -- person, group or organization
    id      varchar not null,
    name    varchar not null,
    email   varchar,
    run_id  varchar
);
