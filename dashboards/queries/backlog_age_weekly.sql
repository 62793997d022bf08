-- Open tickets per age bucket (backlog_age_daily, at the configured edges)
-- at the end of each reporting week's last day (for the week the data ends
-- in, its latest day).
with last_day as (
    select max(day) as day from backlog_age_daily
)

select
    w.week_start,
    a.bucket_order,
    a.open_tickets::bigint as open_tickets
from backlog_weekly as w
cross join last_day
join backlog_age_daily as a on a.day = least(w.week_start + 6, last_day.day)
order by w.week_start, a.bucket_order
