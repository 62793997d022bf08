-- Time to resolve in the report week, and the average of the weekly figures
-- over the four weeks before it that lie inside the data.
-- $1: the week's week_start; $2: the first week_start in the data.
with weekly as (
    select try_cast(value as date) as week_start, resolved_tickets, median_hours, p90_hours, mean_hours
    from time_to_resolve
    where dimension = 'week'
),
cur as (
    select * from weekly where week_start = $1::date
),
prev as (
    select *
    from weekly
    where week_start between greatest($1::date - 28, $2::date) and $1::date - 7
)
select
    (select coalesce(sum(resolved_tickets), 0) from cur) as resolved_tickets,
    (select max(median_hours) from cur) as median_hours,
    (select max(p90_hours) from cur) as p90_hours,
    (select max(mean_hours) from cur) as mean_hours,
    (select coalesce(sum(resolved_tickets), 0) from prev) as prev_resolved_tickets,
    (select avg(median_hours) from prev) as prev_median_hours,
    (select avg(p90_hours) from prev) as prev_p90_hours,
    (select avg(mean_hours) from prev) as prev_mean_hours
