-- Open tickets at the end of each day by age bucket, one row per day and
-- bucket: the same backlog as backlog_daily (same days, same open
-- segments), split at the configured edges (backlog.age_buckets_days, in
-- days since creation). n edges make n + 1 buckets; bucket k runs from the
-- (k-1)-th edge (0 for the first) up to, not including, the k-th (no end
-- for the last). Labels spell the edges: 'under 1 day', '1-3 days',
-- '30 days or more'.
--
-- Counting is backlog_daily's: each open segment and bucket gives one run
-- of day ends (started_at, ended_at clipped to created_at + low,
-- created_at + high), which adds 1 on its first day and takes 1 off after
-- its last; a running sum per bucket over the days gives the counts.
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
    select list_transform(
        string_split(cast({{ var('backlog_age_buckets_days') }} as varchar), ','),
        x -> trim(x)
    ) as texts
),

numbered as (
    select texts, unnest(generate_series(1, len(texts) + 1)) as bucket_order
    from edges
),

buckets as (
    select
        cast(bucket_order as integer) as bucket_order,
        case when bucket_order > 1 then texts[bucket_order - 1] end as low_text,
        case when bucket_order <= len(texts) then texts[bucket_order] end as high_text
    from numbered
),

labelled as (
    select
        bucket_order,
        case
            when low_text is null and high_text is null then 'any age'
            when low_text is null then 'under ' || high_text || if(high_text = '1', ' day', ' days')
            when high_text is null then low_text || if(low_text = '1', ' day', ' days') || ' or more'
            else low_text || '-' || high_text || ' days'
        end as bucket_label,
        coalesce(cast(low_text as double), 0) as min_age_days,
        cast(high_text as double) as max_age_days,
        -- the edges as exact microseconds
        coalesce(cast(round(cast(low_text as decimal(18, 6)) * 86400000000) as bigint), 0) as low_us,
        cast(round(cast(high_text as decimal(18, 6)) * 86400000000) as bigint) as high_us
    from buckets
),

runs as (
    select
        labelled.bucket_order,
        greatest(open_segments.started_at, open_segments.created_at + to_microseconds(labelled.low_us)) as run_from,
        -- least() skips nulls: null only when the segment and the bucket are both open-ended
        least(open_segments.ended_at, open_segments.created_at + to_microseconds(labelled.high_us)) as run_to
    from open_segments
    cross join labelled
),

deltas as (
    select
        bucket_order,
        cast(timezone({{ var('time_zone') }}, (run_from - interval 1 microsecond) at time zone 'UTC') as date) as day,
        1 as delta
    from runs
    where run_to is null or run_to > run_from
    union all
    select
        bucket_order,
        cast(timezone({{ var('time_zone') }}, (run_to - interval 1 microsecond) at time zone 'UTC') as date),
        -1
    from runs
    where run_to > run_from
),

daily_deltas as (
    select bucket_order, day, sum(delta) as delta
    from deltas
    group by bucket_order, day
),

running as (
    select
        days.day,
        labelled.bucket_order,
        sum(coalesce(daily_deltas.delta, 0)) over (
            partition by labelled.bucket_order
            order by days.day
            rows between unbounded preceding and current row
        ) as open_tickets
    from dim_business_days as days
    cross join labelled
    left join daily_deltas
        on daily_deltas.day = days.day
        and daily_deltas.bucket_order = labelled.bucket_order
)

select
    running.day,
    labelled.bucket_order,
    labelled.bucket_label,
    labelled.min_age_days,
    labelled.max_age_days,
    cast(running.open_tickets as bigint) as open_tickets
from running
join labelled using (bucket_order)
join span on running.day between span.first_day and span.last_day
order by running.day, labelled.bucket_order
