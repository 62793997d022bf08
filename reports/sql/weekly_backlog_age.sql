-- The open tickets by age (backlog_age_daily, at the configured edges) at
-- the end of the report week's last day, or of the data's last day when
-- the data ends sooner. $1: the week's week_start.
with at_day as (
    select least($1::date + 6, max(day)) as day
    from backlog_age_daily
)
select a.day, a.bucket_order, a.bucket_label, a.min_age_days, a.max_age_days, a.open_tickets
from backlog_age_daily as a
join at_day using (day)
order by a.bucket_order
