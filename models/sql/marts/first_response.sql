-- Time to first response (int_tickets.responded_at: the first public comment
-- or status change by someone other than the requester, else the source's
-- first_response_at) of tickets that are not canceled, overall and by tool,
-- intent, team, priority and week of creation: how many tickets, the share
-- that has a response, and the median and p90 calendar and business hours
-- of the responses (a response dated before the creation counts as a
-- response but not in the hours).
with tickets as (
    select *
    from {{ ref('int_tickets') }}
    where status <> 'canceled'
),

by_dimension as (
    select 'overall' as dimension, 'all' as value, responded_at, first_response_hours, first_response_business_hours from tickets
    union all
    select 'tool', tool, responded_at, first_response_hours, first_response_business_hours from tickets
    union all
    select 'intent', intent, responded_at, first_response_hours, first_response_business_hours from tickets
    union all
    select 'team', team, responded_at, first_response_hours, first_response_business_hours from tickets
    union all
    select 'priority', coalesce(priority, 'none'), responded_at, first_response_hours, first_response_business_hours from tickets
    union all
    select 'week', strftime(week_start, '%Y-%m-%d'), responded_at, first_response_hours, first_response_business_hours from tickets
),

quantiles as (
    -- one quantile_cont with a list of fractions sorts each group once
    select
        dimension,
        value,
        count(*) as tickets,
        count(responded_at) as responded_tickets,
        quantile_cont(first_response_hours, [0.5, 0.9]) as hours_q,
        quantile_cont(first_response_business_hours, [0.5, 0.9]) as business_hours_q
    from by_dimension
    group by dimension, value
)

select
    dimension,
    value,
    tickets,
    responded_tickets,
    responded_tickets / tickets as share_responded,
    hours_q[1] as median_hours,
    hours_q[2] as p90_hours,
    business_hours_q[1] as median_business_hours,
    business_hours_q[2] as p90_business_hours
from quantiles
order by dimension, value
