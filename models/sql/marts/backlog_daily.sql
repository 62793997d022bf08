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
-- Counting is int_backlog_by_age's: the open tickets at least 0, 1, 3, 7
-- and 30 days old at each day's end; a bucket is the count at its lower
-- edge minus the count at its upper edge.
with by_age as (
    select
        day,
        any_value(open_tickets) filter (where min_age_microseconds = 0) as open_any_age,
        any_value(open_tickets) filter (where min_age_microseconds = 1 * 86400000000) as open_ge_1d,
        any_value(open_tickets) filter (where min_age_microseconds = 3 * 86400000000) as open_ge_3d,
        any_value(open_tickets) filter (where min_age_microseconds = 7 * 86400000000) as open_ge_7d,
        any_value(open_tickets) filter (where min_age_microseconds = 30 * 86400000000) as open_ge_30d
    from {{ ref('int_backlog_by_age') }}
    group by day
)

select
    day,
    cast(open_any_age as bigint) as open_tickets,
    cast(open_any_age - open_ge_1d as bigint) as open_lt_1d,
    cast(open_ge_1d - open_ge_3d as bigint) as open_1d_3d,
    cast(open_ge_3d - open_ge_7d as bigint) as open_3d_7d,
    cast(open_ge_7d - open_ge_30d as bigint) as open_7d_30d,
    cast(open_ge_30d as bigint) as open_gt_30d
from by_age
order by day
