-- The backlog per reporting week: tickets created and resolved in the week,
-- open tickets at the end of its last day (backlog_daily; for the week the
-- data ends in, its latest day) and the net change created - resolved.
with daily as (
    select
        day,
        open_tickets,
        day - cast((dayofweek(day) + 7 - case when {{ var('week_start') }} = 'sunday' then 0 else 1 end) % 7 as integer)
            as week_start
    from {{ ref('backlog_daily') }}
),

weekly_open as (
    select
        week_start,
        arg_max(open_tickets, day) as open_at_week_end
    from daily
    group by week_start
),

created as (
    select week_start, count(*) as created
    from {{ ref('int_tickets') }}
    group by week_start
),

resolved as (
    select resolved_week_start as week_start, count(*) as resolved
    from {{ ref('int_tickets') }}
    where resolved_week_start is not null
    group by resolved_week_start
)

select
    weekly_open.week_start,
    coalesce(created.created, 0) as created,
    coalesce(resolved.resolved, 0) as resolved,
    weekly_open.open_at_week_end,
    coalesce(created.created, 0) - coalesce(resolved.resolved, 0) as net_change
from weekly_open
left join created using (week_start)
left join resolved using (week_start)
order by weekly_open.week_start
