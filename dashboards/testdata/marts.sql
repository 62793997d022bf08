-- The mart tables the dashboard reads, with the columns docs/tables.md
-- documents. Tests create them here because the models may not be built.
create table int_tickets (
    source              varchar,
    source_key          varchar,
    title               varchar,
    status              varchar,
    priority            varchar,
    requester           varchar,
    assignee            varchar,
    assignment_group    varchar,
    url                 varchar,
    created_at          timestamp,
    resolved_at         timestamp,
    week_start          date,
    is_open             boolean,
    tool                varchar,
    is_tool_sanctioned  boolean,
    intent              varchar,
    intent_class        varchar,
    team                varchar,
    team_class          varchar,
    handle_minutes      double,
    resolve_hours       double,
    reopen_count        integer,
    reassignment_count  integer
);

create table volume_by_tool (
    week_start          date,
    tool                varchar,
    tickets             bigint,
    share               double,
    prev_week_tickets   bigint,
    change_pct          double
);

create table time_to_resolve (
    dimension           varchar,
    value               varchar,
    resolved_tickets    bigint,
    median_hours        double,
    p90_hours           double,
    mean_hours          double
);

create table interruptions (
    week_start          date,
    team                varchar,
    team_class          varchar,
    direction           varchar,
    interruptions       bigint,
    tickets             bigint,
    handle_hours        double,
    refocus_hours       double,
    refocus_low_hours   double,
    refocus_high_hours  double,
    total_hours         double,
    hourly_cost         double,
    cost                double
);

create table interruptions_by_person (
    person              varchar,
    team                varchar,
    interruptions       bigint,
    total_hours         double,
    share_of_team       double
);

create table automation_candidates (
    rank                    integer,
    intent                  varchar,
    intent_class            varchar,
    tickets                 bigint,
    tickets_per_week        double,
    median_handle_minutes   double,
    cv_handle_minutes       double,
    escalation_rate         double,
    reopen_rate             double,
    score                   double,
    hours_saved_per_month   double,
    example_keys            varchar[]
);
