-- Headline figures for one week.
-- $1: the week's week_start (DATE text).
-- Backlog at week end is backlog_weekly.open_at_week_end, the same figure the
-- dashboard shows (open tickets at the end of the week's last day, reopened
-- tickets counted again from their reopening).
with week_ttr as (
    select resolved_tickets, median_hours
    from time_to_resolve
    where dimension = 'week' and try_cast(value as date) = $1::date
),
week_interruptions as (
    select total_hours, cost
    from interruptions
    where week_start = $1::date
)
select
    (select count(*) from int_tickets where week_start = $1::date) as tickets_created,
    (select coalesce(sum(resolved_tickets), 0) from week_ttr) as tickets_resolved,
    (select open_at_week_end from backlog_weekly where week_start = $1::date) as open_backlog,
    (select max(median_hours) from week_ttr) as median_hours,
    (select coalesce(sum(total_hours), 0) from week_interruptions) as interruption_hours,
    (select coalesce(sum(cost), 0) from week_interruptions) as interruption_cost
