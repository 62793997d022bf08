-- Open tickets at the end of each day by age bucket, one row per day and
-- bucket: the same backlog as backlog_daily (same days, same open
-- segments), split at the configured edges (backlog.age_buckets_days, in
-- days since creation). n edges make n + 1 buckets; bucket k runs from the
-- (k-1)-th edge (0 for the first) up to, not including, the k-th (no end
-- for the last). Labels spell the edges: 'under 1 day', '1-3 days',
-- '30 days or more'.
--
-- Counting is int_backlog_by_age's, which has the open tickets at least
-- each configured edge old at each day's end: a bucket is the count at its
-- lower edge minus the count at its upper edge (none for the last bucket).
with edges as (
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

by_age as (
    select day, min_age_microseconds, open_tickets
    from {{ ref('int_backlog_by_age') }}
)

select
    lows.day,
    labelled.bucket_order,
    labelled.bucket_label,
    labelled.min_age_days,
    labelled.max_age_days,
    cast(lows.open_tickets - coalesce(highs.open_tickets, 0) as bigint) as open_tickets
from labelled
join by_age as lows on lows.min_age_microseconds = labelled.low_us
left join by_age as highs on highs.day = lows.day and highs.min_age_microseconds = labelled.high_us
order by lows.day, labelled.bucket_order
