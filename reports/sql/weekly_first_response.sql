-- Time to first response (first_response, by week of creation) in the
-- report week, and over the four weeks before it that lie inside the data:
-- their tickets and responses summed, the average of their weekly medians.
-- $1: the week's week_start; $2: the first week_start in the data.
with weekly as (
    select try_cast(value as date) as week_start, tickets, responded_tickets, median_hours
    from first_response
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
    (select coalesce(sum(tickets), 0) from cur) as tickets,
    (select coalesce(sum(responded_tickets), 0) from cur) as responded_tickets,
    (select max(median_hours) from cur) as median_hours,
    (select coalesce(sum(tickets), 0) from prev) as prev_tickets,
    (select coalesce(sum(responded_tickets), 0) from prev) as prev_responded_tickets,
    (select avg(median_hours) from prev) as prev_median_hours
