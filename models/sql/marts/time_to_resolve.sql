-- Calendar and business hours from creation to resolution of resolved and
-- closed tickets (open and canceled tickets are left out, and so are
-- resolutions dated before the creation), overall and by tool, intent, team,
-- priority and week of resolution. Business hours count only the working
-- hours of the business calendar (int_ticket_durations).
with resolved as (
    select *
    from {{ ref('int_tickets') }}
    where resolve_hours is not null
),

by_dimension as (
    select 'overall' as dimension, 'all' as value, resolve_hours, resolve_business_hours from resolved
    union all
    select 'tool', tool, resolve_hours, resolve_business_hours from resolved
    union all
    select 'intent', intent, resolve_hours, resolve_business_hours from resolved
    union all
    select 'team', team, resolve_hours, resolve_business_hours from resolved
    union all
    select 'priority', coalesce(priority, 'none'), resolve_hours, resolve_business_hours from resolved
    union all
    select 'week', strftime(resolved_week_start, '%Y-%m-%d'), resolve_hours, resolve_business_hours from resolved
),

quantiles as (
    -- one quantile_cont with a list of fractions sorts each group once
    select
        dimension,
        value,
        count(*) as resolved_tickets,
        quantile_cont(resolve_hours, [0.5, 0.9]) as hours_q,
        cast(avg(cast(resolve_hours as decimal(18, 6))) as double) as mean_hours,
        quantile_cont(resolve_business_hours, [0.5, 0.9]) as business_hours_q,
        cast(avg(cast(resolve_business_hours as decimal(18, 6))) as double) as mean_business_hours
    from by_dimension
    group by dimension, value
)

select
    dimension,
    value,
    resolved_tickets,
    hours_q[1] as median_hours,
    hours_q[2] as p90_hours,
    mean_hours,
    business_hours_q[1] as median_business_hours,
    business_hours_q[2] as p90_business_hours,
    mean_business_hours
from quantiles
order by dimension, value
