-- The report week and the weeks before it that lie inside the data (at
-- most four), one row per week: tickets created, calendar hours to resolve
-- (median and 90th percentile, as time_to_resolve has them) and
-- interruption hours. $1: the first week_start; $2: the report week's.
with weeks as (
    select cast(range as date) as week_start
    from range($1::date, $2::date + 1, interval 7 day)
),
created as (
    select week_start, count(*) as tickets
    from int_tickets
    where week_start between $1::date and $2::date
    group by week_start
),
ttr as (
    select try_cast(value as date) as week_start, max(median_hours) as median_hours, max(p90_hours) as p90_hours
    from time_to_resolve
    where dimension = 'week'
    group by 1
),
interrupted as (
    select week_start, sum(total_hours) as hours
    from interruptions
    where week_start between $1::date and $2::date
    group by week_start
)
select
    w.week_start,
    coalesce(c.tickets, 0) as tickets,
    t.median_hours,
    t.p90_hours,
    coalesce(i.hours, 0) as interruption_hours
from weeks w
left join created c using (week_start)
left join ttr t using (week_start)
left join interrupted i using (week_start)
order by w.week_start
