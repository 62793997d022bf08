-- Tickets created per tool per reporting week, with the tool's share of the
-- week and the change from the week before.
with weekly as (
    select
        week_start,
        tool,
        count(*) as tickets
    from {{ ref('int_tickets') }}
    group by week_start, tool
),

week_totals as (
    select
        week_start,
        sum(tickets) as week_tickets
    from weekly
    group by week_start
)

select
    weekly.week_start,
    weekly.tool,
    weekly.tickets,
    cast(weekly.tickets as double) / week_totals.week_tickets as share,
    coalesce(previous.tickets, 0) as prev_week_tickets,
    case when coalesce(previous.tickets, 0) > 0 then
        (weekly.tickets - previous.tickets) * 100.0 / previous.tickets
    end as change_pct
from weekly
join week_totals using (week_start)
left join weekly as previous
    on previous.tool = weekly.tool
    and previous.week_start = weekly.week_start - 7
order by weekly.week_start, weekly.tool
