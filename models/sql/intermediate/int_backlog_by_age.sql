-- Open tickets at the end of each day (midnight in the calendar's time
-- zone) that are at least a given age, one row per day of the data's span
-- (int_data_span) and age edge. The edges are 0 and every edge either
-- backlog mart splits at: backlog_daily's fixed 1, 3, 7 and 30 days and
-- backlog_age_daily's configured backlog.age_buckets_days. A mart's bucket
-- [low, high) is then the count at low minus the count at high.
--
-- A ticket is open while its status is new, open, in_progress or waiting
-- (int_status_history: status events where the source has them, else from
-- creation to its resolution or close), so a reopened ticket is back in the
-- backlog from its reopening; its age is the time since its creation.
--
-- Counting: the day ends whose instant T falls where the ticket is open
-- (started_at <= T < ended_at) and it is at least the edge's age
-- (created_at + edge <= T) form one run of days per open segment and edge:
-- from the day of (run start - 1 microsecond) up to, not including, the day
-- of (run end - 1 microsecond), because the end of day D is at or after an
-- instant x exactly when D is on or after the day of x - 1 microsecond. Each
-- run adds 1 on its first day and takes 1 off after its last, and a running
-- sum over the days gives the counts; no row per ticket and day is ever
-- made.
with span as (
    select first_day, last_day
    from {{ ref('int_data_span') }}
),

open_segments as (
    select
        segments.started_at,
        segments.ended_at,
        tickets.created_at
    from {{ ref('int_status_history') }} as segments
    join {{ ref('stg_tickets') }} as tickets using (source, source_key)
    where segments.is_open_status
),

edges as (
    -- 0 (all open tickets) and backlog_daily's fixed edges, in days
    select unnest(['0', '1', '3', '7', '30']) as days_text
    union all
    -- backlog_age_daily's configured edges
    select unnest(list_transform(
        string_split(cast({{ var('backlog_age_buckets_days') }} as varchar), ','),
        x -> trim(x)
    ))
),

edges_us as (
    -- the edges as exact microseconds, rounded as backlog_age_daily rounds them
    select distinct cast(round(cast(days_text as decimal(18, 6)) * 86400000000) as bigint) as min_age_microseconds
    from edges
),

runs as (
    select
        edges_us.min_age_microseconds,
        greatest(open_segments.started_at, open_segments.created_at + to_microseconds(edges_us.min_age_microseconds))
            as run_from,
        open_segments.ended_at as run_to
    from open_segments
    cross join edges_us
),

deltas as (
    select
        min_age_microseconds,
        cast(timezone({{ var('time_zone') }}, (run_from - interval 1 microsecond) at time zone 'UTC') as date) as day,
        1 as delta
    from runs
    where run_to is null or run_to > run_from
    union all
    select
        min_age_microseconds,
        cast(timezone({{ var('time_zone') }}, (run_to - interval 1 microsecond) at time zone 'UTC') as date),
        -1
    from runs
    where run_to > run_from
),

daily_deltas as (
    select min_age_microseconds, day, sum(delta) as delta
    from deltas
    group by min_age_microseconds, day
),

running as (
    select
        days.day,
        edges_us.min_age_microseconds,
        sum(coalesce(daily_deltas.delta, 0)) over (
            partition by edges_us.min_age_microseconds
            order by days.day
            rows between unbounded preceding and current row
        ) as open_tickets
    from dim_business_days as days
    cross join edges_us
    left join daily_deltas
        on daily_deltas.day = days.day
        and daily_deltas.min_age_microseconds = edges_us.min_age_microseconds
)

select
    running.day,
    running.min_age_microseconds,
    cast(running.open_tickets as bigint) as open_tickets
from running
join span on running.day between span.first_day and span.last_day
order by running.day, running.min_age_microseconds
