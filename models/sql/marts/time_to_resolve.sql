-- Calendar hours from creation to resolution of resolved and closed tickets
-- (open and canceled tickets are left out), overall and by tool, intent,
-- team, priority and week of resolution.
with resolved as (
    select *
    from {{ ref('int_tickets') }}
    where resolve_hours is not null
),

by_dimension as (
    select 'overall' as dimension, 'all' as value, resolve_hours from resolved
    union all
    select 'tool', tool, resolve_hours from resolved
    union all
    select 'intent', intent, resolve_hours from resolved
    union all
    select 'team', team, resolve_hours from resolved
    union all
    select 'priority', coalesce(priority, 'none'), resolve_hours from resolved
    union all
    select 'week', strftime(resolved_week_start, '%Y-%m-%d'), resolve_hours from resolved
)

select
    dimension,
    value,
    count(*) as resolved_tickets,
    quantile_cont(resolve_hours, 0.5) as median_hours,
    quantile_cont(resolve_hours, 0.9) as p90_hours,
    avg(resolve_hours) as mean_hours
from by_dimension
group by dimension, value
order by dimension, value
