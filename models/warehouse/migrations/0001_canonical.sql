-- 0001: the canonical tables, the contract between ingest and models.
-- All timestamps are TIMESTAMP (no zone) holding UTC.

create table ingest_runs (
    run_id        varchar primary key,   -- sha256 of the file content + source name
    source        varchar not null,      -- source name, e.g. "jira", "servicenow"
    format        varchar not null,      -- connector that read the file, e.g. "jira_csv"
    file          varchar not null,      -- path as given on the command line
    sha256        varchar not null,
    bytes         bigint  not null,
    rows_in       bigint  not null,
    loaded        bigint  not null,      -- new rows plus rows that replaced an older version
    rejected      bigint  not null,
    merged        bigint  not null,      -- rows folded into an existing (source, key): older, equal or repeated
    loaded_at     timestamp not null
);

create table rejects (
    run_id        varchar not null,
    file          varchar not null,
    line          bigint,
    column_name   varchar,
    reason        varchar not null,
    raw           varchar
);

create table tickets (
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
    source_line         bigint not null,
    primary key (source, source_key)
);

create table ticket_events (
    source        varchar not null,
    source_key    varchar not null,
    seq           integer not null,
    event_at      timestamp not null,
    kind          varchar not null,   -- status, assignee, group, priority, comment, reopen
    actor         varchar,
    from_value    varchar,
    to_value      varchar,
    primary key (source, source_key, seq)
);

create table comments (
    source        varchar not null,
    source_key    varchar not null,
    seq           integer not null,
    author        varchar,
    created_at    timestamp not null,
    is_public     boolean not null,
    body          varchar,
    primary key (source, source_key, seq)
);

create table messages (
    source        varchar not null,
    channel       varchar not null,
    message_ts    varchar not null,
    thread_ts     varchar,
    author        varchar,
    posted_at     timestamp not null,
    text          varchar,
    reply_count   integer,
    ticket_ref    varchar,
    primary key (source, channel, message_ts)
);

-- Configuration dimensions: rewritten from lanes.yaml (or the built-in defaults) by every build.
create table dim_teams (
    name          varchar primary key,
    class         varchar not null,   -- it, engineering, security, other
    hourly_cost   double not null
);

create table dim_team_patterns (
    team          varchar not null,
    kind          varchar not null,   -- group or person
    pattern       varchar not null    -- RE2 regular expression, matched case-insensitively
);

create table dim_tools (
    name          varchar primary key,
    owner         varchar,
    is_sanctioned boolean not null
);

create table dim_tool_aliases (
    tool          varchar not null,
    alias         varchar not null    -- matched as a whole word, case-insensitively
);

create table dim_intents (
    name                    varchar primary key,
    class                   varchar not null,  -- it or engineering: which side normally owns this work
    default_handle_minutes  double not null,
    is_automatable          boolean not null
);

create table dim_intent_rules (
    intent        varchar not null,
    priority      integer not null,   -- lower wins when several rules match
    pattern       varchar not null    -- RE2 regular expression over title and description
);

create table dim_parameters (
    name          varchar primary key,
    value         varchar not null,
    description   varchar not null
);
