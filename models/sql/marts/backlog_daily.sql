-- Open tickets at the end of each day (midnight in the calendar's time
-- zone), from the day of the first ticket's creation to the day of the
-- data's latest moment (int_data_span), with the open tickets' ages.
--
-- A ticket is open while its status is new, open, in_progress or waiting
-- (int_status_history: status events where the source has them, else from
-- creation to its resolution or close), so a reopened ticket is back in the
-- backlog from its reopening. Its age at a day's end is the time since its
-- creation: under 1 day, 1 to 3, 3 to 7, 7 to 30, 30 days and more (fixed
-- limits, which the dashboard reads; backlog_age_daily splits at the
-- configured backlog.age_buckets_days).
--
-- Counting: the day ends whose instant T falls where the ticket is open
-- (started_at <= T < ended_at) with its age in a bucket
-- (created_at + low <= T < created_at + high) form one run of days per open
-- segment and bucket: from the day of (run start - 1 microsecond) up to,
-- not including, the day of (run end - 1 microsecond), because the end of
-- day D is at or after an instant x exactly when D is on or after the day
-- of x - 1 microsecond. Each run adds 1 on its first day and takes 1 off
-- after its last, and a running sum over the days gives the counts; no row
-- per ticket and day is ever made.
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

buckets as (
    select *
    from (values
        (1, 0, 24),
        (2, 24, 72),
        (3, 72, 168),
        (4, 168, 720),
        (5, 720, null)
    ) as b(bucket, low_hours, high_hours)
),

runs as (
    select
        buckets.bucket,
        greatest(open_segments.started_at, open_segments.created_at + to_hours(buckets.low_hours)) as run_from,
        -- least() skips nulls: null only when the segment and the bucket are both open-ended
        least(open_segments.ended_at, open_segments.created_at + to_hours(buckets.high_hours)) as run_to
    from open_segments
    cross join buckets
),

deltas as (
    select
        bucket,
        cast(timezone({{ var('time_zone') }}, (run_from - interval 1 microsecond) at time zone 'UTC') as date) as day,
        1 as delta
    from runs
    where run_to is null or run_to > run_from
    union all
    select
        bucket,
        cast(timezone({{ var('time_zone') }}, (run_to - interval 1 microsecond) at time zone 'UTC') as date),
        -1
    from runs
    where run_to > run_from
),

daily_deltas as (
    select
        day,
        sum(delta) filter (where bucket = 1) as lt_1d,
        sum(delta) filter (where bucket = 2) as d1_3d,
        sum(delta) filter (where bucket = 3) as d3_7d,
        sum(delta) filter (where bucket = 4) as d7_30d,
        sum(delta) filter (where bucket = 5) as gt_30d
    from deltas
    group by day
),

running as (
    select
        days.day,
        sum(coalesce(daily_deltas.lt_1d, 0)) over by_day as open_lt_1d,
        sum(coalesce(daily_deltas.d1_3d, 0)) over by_day as open_1d_3d,
        sum(coalesce(daily_deltas.d3_7d, 0)) over by_day as open_3d_7d,
        sum(coalesce(daily_deltas.d7_30d, 0)) over by_day as open_7d_30d,
        sum(coalesce(daily_deltas.gt_30d, 0)) over by_day as open_gt_30d
    from dim_business_days as days
    left join daily_deltas using (day)
    window by_day as (order by days.day rows between unbounded preceding and current row)
)

select
    running.day,
    cast(open_lt_1d + open_1d_3d + open_3d_7d + open_7d_30d + open_gt_30d as bigint) as open_tickets,
    cast(open_lt_1d as bigint) as open_lt_1d,
    cast(open_1d_3d as bigint) as open_1d_3d,
    cast(open_3d_7d as bigint) as open_3d_7d,
    cast(open_7d_30d as bigint) as open_7d_30d,
    cast(open_gt_30d as bigint) as open_gt_30d
from running
join span on running.day between span.first_day and span.last_day
order by running.day
