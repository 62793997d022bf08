-- Created, resolved and open tickets per reporting week (backlog_weekly), with
-- the open tickets' ages at the end of the week's last day (backlog_daily; for
-- the week the data ends in, its latest day).
with last_day as (
    select max(day) as day from backlog_daily
)

select
    w.week_start,
    w.created::bigint               as created,
    w.resolved::bigint              as resolved,
    w.open_at_week_end::bigint      as open_at_week_end,
    d.open_lt_1d::bigint            as open_lt_1d,
    d.open_1d_3d::bigint            as open_1d_3d,
    d.open_3d_7d::bigint            as open_3d_7d,
    d.open_7d_30d::bigint           as open_7d_30d,
    d.open_gt_30d::bigint           as open_gt_30d
from backlog_weekly as w
cross join last_day
left join backlog_daily as d on d.day = least(w.week_start + 6, last_day.day)
order by w.week_start
