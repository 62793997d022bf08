-- Headline figures for one week.
-- $1: the week's week_start (DATE text); $2: the UTC instant the week ends (TIMESTAMP text).
-- Backlog at week end: created before the end and either still open or resolved
-- at or after the end; a ticket's resolution time is resolved_at, else
-- created_at + resolve_hours (which falls back to closed_at). Canceled tickets
-- with neither are left out: nothing says when they stopped being open.
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
    (
        select count(*)
        from int_tickets
        where created_at < $2::timestamp
          and (
              is_open
              or coalesce(
                  resolved_at,
                  created_at + to_microseconds(cast(round(resolve_hours * 3600000000) as bigint))
              ) >= $2::timestamp
          )
    ) as open_backlog,
    (select max(median_hours) from week_ttr) as median_hours,
    (select coalesce(sum(total_hours), 0) from week_interruptions) as interruption_hours,
    (select coalesce(sum(cost), 0) from week_interruptions) as interruption_cost
