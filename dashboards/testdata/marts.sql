-- The mart tables the dashboard reads, with the columns docs/tables.md
-- documents that it reads. Tests create them here because the models may
-- not be built. The canonical tables and dimensions (ingest_runs, rejects,
-- dim_teams, dim_intents, dim_parameters, build_test_results) come from the
-- warehouse's migrations.
create table int_tickets (
    source                  varchar,
    source_key              varchar,
    title                   varchar,
    status                  varchar,
    priority                varchar,
    requester               varchar,
    assignee                varchar,
    assignment_group        varchar,
    url                     varchar,
    created_at              timestamp,
    resolved_at             timestamp,
    week_start              date,
    resolved_week_start     date,
    is_open                 boolean,
    tool                    varchar,
    is_tool_sanctioned      boolean,
    intent                  varchar,
    intent_class            varchar,
    team                    varchar,
    team_class              varchar,
    handle_minutes          double,
    resolve_hours           double,
    responded_at            timestamp,
    first_response_hours    double,
    reopen_count            integer,
    reassignment_count      integer
);

create table int_data_span (
    first_created_at    timestamp,
    as_of_at            timestamp,
    first_day           date,
    last_day            date
);

create table int_ticket_sla (
    source      varchar,
    source_key  varchar,
    priority    varchar,
    week_start  date,
    verdict     varchar
);

create table time_to_resolve (
    dimension               varchar,
    value                   varchar,
    resolved_tickets        bigint,
    median_hours            double,
    p90_hours               double,
    mean_hours              double,
    median_business_hours   double,
    p90_business_hours      double,
    mean_business_hours     double
);

create table first_response (
    dimension               varchar,
    value                   varchar,
    tickets                 bigint,
    responded_tickets       bigint,
    share_responded         double,
    median_hours            double,
    p90_hours               double,
    median_business_hours   double,
    p90_business_hours      double
);

create table sla (
    week_start          date,
    priority            varchar,
    tickets             bigint,
    met                 bigint,
    breached            bigint,
    pending             bigint,
    breach_rate         double,
    source_verdicts     bigint,
    computed_verdicts   bigint
);

create table backlog_daily (
    day             date,
    open_tickets    bigint,
    open_lt_1d      bigint,
    open_1d_3d      bigint,
    open_3d_7d      bigint,
    open_7d_30d     bigint,
    open_gt_30d     bigint
);

create table backlog_age_daily (
    day             date,
    bucket_order    integer,
    bucket_label    varchar,
    min_age_days    double,
    max_age_days    double,
    open_tickets    bigint
);

create table backlog_weekly (
    week_start          date,
    created             bigint,
    resolved            bigint,
    open_at_week_end    bigint,
    net_change          bigint
);

create table weekly_summary (
    week_start                  date,
    tickets_created             bigint,
    tickets_resolved            bigint,
    open_backlog                bigint,
    median_resolve_hours        double,
    interruption_hours          double,
    interruption_cost           double,
    automation_hours_potential  double
);

create table interruptions (
    week_start                  date,
    team                        varchar,
    team_class                  varchar,
    direction                   varchar,
    interruptions               bigint,
    tickets                     bigint,
    handle_hours                double,
    refocus_hours               double,
    refocus_low_hours           double,
    refocus_high_hours          double,
    total_hours                 double,
    hourly_cost                 double,
    cost                        double,
    after_hours_interruptions   bigint,
    after_hours_share           double,
    people_interrupted          bigint,
    top_person_share            double,
    gini                        double
);

create table interruptions_by_person (
    person              varchar,
    team                varchar,
    interruptions       bigint,
    total_hours         double,
    share_of_team       double,
    team_people         bigint
);

create table focus_fragmentation (
    week_start      date,
    team            varchar,
    engineer_days   bigint,
    blocks          bigint,
    clean_blocks    bigint,
    clean_share     double
);

create table untracked_requests (
    week_start                  date,
    team                        varchar,
    threads                     bigint,
    interruptions               bigint,
    median_first_reply_minutes  double,
    handle_hours                double,
    refocus_hours               double,
    refocus_low_hours           double,
    refocus_high_hours          double,
    total_hours                 double,
    hourly_cost                 double,
    cost                        double,
    interruption_hours          double,
    untracked_share             double
);

create table automation_candidates (
    rank                    integer,
    kind                    varchar,
    name                    varchar,
    intent                  varchar,
    intent_class            varchar,
    cluster_id              varchar,
    tickets                 bigint,
    tickets_per_week        double,
    median_handle_minutes   double,
    cv_handle_minutes       double,
    escalation_rate         double,
    reopen_rate             double,
    score                   double,
    hours_saved_per_week    double,
    hours_saved_per_month   double,
    build_cost_hours        double,
    payback_weeks           double,
    example_keys            varchar[],
    example_titles          varchar[]
);

create table fix_ranking (
    rank                                integer,
    tool                                varchar,
    intent                              varchar,
    intent_class                        varchar,
    tickets                             bigint,
    tickets_per_week                    double,
    interruptions                       bigint,
    interruptions_per_week              double,
    avoidable_interruptions_per_week    double,
    avoidable_hours_per_week            double,
    avoidable_cost_per_week             double
);

create table shadow_it (
    tool                varchar,
    owner               varchar,
    tickets             bigint,
    requesters          bigint,
    first_seen_at       timestamp,
    last_seen_at        timestamp,
    weeks_active        bigint,
    tickets_per_week    double,
    fields              varchar[],
    example_keys        varchar[]
);

create table classification_coverage (
    source              varchar,
    tickets             bigint,
    intent_tickets      bigint,
    other_tickets       bigint,
    clustered_tickets   bigint,
    clusters            bigint,
    intent_share        double,
    clustered_share     double,
    covered_share       double
);

create table data_quality (
    metric      varchar,
    source      varchar,
    subject     varchar,
    detail      varchar,
    value       double,
    as_of       timestamp
);
