-- 0007: ticket_events and comments keep their key, (source, source_key, seq),
-- without a primary-key index. DuckDB holds the index of the rows a
-- transaction adds in memory it cannot spill, and one `lanes ingest` is one
-- transaction: 20 event logs of 10M tickets (46M events) ran out of the
-- ingest's 1500 MB cap on that index alone. The merge (ingest/run.go) writes
-- each key once, and the build's data tests check it (the unique tests of
-- stg_ticket_events and stg_comments). DuckDB cannot drop a constraint, so
-- both tables are rebuilt.
create table ticket_events_0007 (
    source        varchar not null,
    source_key    varchar not null,
    seq           integer not null,
    event_at      timestamp not null,
    kind          varchar not null,   -- status, assignee, group, priority, comment, reopen
    actor         varchar,
    from_value    varchar,
    to_value      varchar
);
insert into ticket_events_0007 select * from ticket_events;
drop table ticket_events;
alter table ticket_events_0007 rename to ticket_events;

create table comments_0007 (
    source        varchar not null,
    source_key    varchar not null,
    seq           integer not null,
    author        varchar,
    created_at    timestamp not null,
    is_public     boolean not null,
    body          varchar
);
insert into comments_0007 select * from comments;
drop table comments;
alter table comments_0007 rename to comments;
