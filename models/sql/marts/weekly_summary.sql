-- The weekly report's headline figures for every reporting week, with the
-- week before and the change in percent. The weeks are backlog_weekly's:
-- every week from the first ticket's creation to the data's latest moment,
-- without gaps; the first week's *_prev columns are null (the week before is
-- outside the data). Created, resolved and open tickets come from
-- backlog_weekly, the median hours to resolve from time_to_resolve, the
-- interruption hours and cost from interruptions.
with backlog as (
    select
        week_start,
        created as tickets_created,
        resolved as tickets_resolved,
        open_at_week_end as open_backlog
    from {{ ref('backlog_weekly') }}
),

ttr_weeks as (
    select
        cast(value as date) as week_start,
        median_hours
    from {{ ref('time_to_resolve') }}
    where dimension = 'week'
),

interruption_weeks as (
    select
        week_start,
        cast(sum(cast(total_hours as decimal(18, 6))) as double) as interruption_hours,
        cast(sum(cast(cost as decimal(18, 6))) as double) as interruption_cost
    from {{ ref('interruptions') }}
    group by week_start
),

automation_weeks as (
    -- hands-on hours automation would have saved: new tickets of automatable intents
    select
        tickets.week_start,
        cast(sum(cast(tickets.handle_minutes as decimal(18, 6))) as double) * {{ var('automatable_share') }} / 60 as automation_hours_potential
    from {{ ref('int_tickets') }} as tickets
    join dim_intents as intents on intents.name = tickets.intent
    where intents.is_automatable
    group by tickets.week_start
),

figures as (
    select
        backlog.week_start,
        backlog.tickets_created,
        backlog.tickets_resolved,
        backlog.open_backlog,
        ttr_weeks.median_hours as median_resolve_hours,
        coalesce(interruption_weeks.interruption_hours, 0.0) as interruption_hours,
        coalesce(interruption_weeks.interruption_cost, 0.0) as interruption_cost,
        coalesce(automation_weeks.automation_hours_potential, 0.0) as automation_hours_potential
    from backlog
    left join ttr_weeks using (week_start)
    left join interruption_weeks using (week_start)
    left join automation_weeks using (week_start)
),

paired as (
    select
        cur.*,
        prev.tickets_created as tickets_created_prev,
        prev.tickets_resolved as tickets_resolved_prev,
        prev.open_backlog as open_backlog_prev,
        prev.median_resolve_hours as median_resolve_hours_prev,
        prev.interruption_hours as interruption_hours_prev,
        prev.interruption_cost as interruption_cost_prev,
        prev.automation_hours_potential as automation_hours_potential_prev
    from figures as cur
    left join figures as prev on prev.week_start = cur.week_start - 7
)

select
    week_start,
    cast(tickets_created as bigint) as tickets_created,
    cast(tickets_created_prev as bigint) as tickets_created_prev,
    (tickets_created - tickets_created_prev) * 100.0 / nullif(tickets_created_prev, 0) as tickets_created_change_pct,
    cast(tickets_resolved as bigint) as tickets_resolved,
    cast(tickets_resolved_prev as bigint) as tickets_resolved_prev,
    (tickets_resolved - tickets_resolved_prev) * 100.0 / nullif(tickets_resolved_prev, 0) as tickets_resolved_change_pct,
    cast(open_backlog as bigint) as open_backlog,
    cast(open_backlog_prev as bigint) as open_backlog_prev,
    (open_backlog - open_backlog_prev) * 100.0 / nullif(open_backlog_prev, 0) as open_backlog_change_pct,
    cast(median_resolve_hours as double) as median_resolve_hours,
    cast(median_resolve_hours_prev as double) as median_resolve_hours_prev,
    cast((median_resolve_hours - median_resolve_hours_prev) * 100.0 / nullif(median_resolve_hours_prev, 0) as double)
        as median_resolve_hours_change_pct,
    cast(interruption_hours as double) as interruption_hours,
    cast(interruption_hours_prev as double) as interruption_hours_prev,
    cast((interruption_hours - interruption_hours_prev) * 100.0 / nullif(interruption_hours_prev, 0) as double)
        as interruption_hours_change_pct,
    cast(interruption_cost as double) as interruption_cost,
    cast(interruption_cost_prev as double) as interruption_cost_prev,
    cast((interruption_cost - interruption_cost_prev) * 100.0 / nullif(interruption_cost_prev, 0) as double)
        as interruption_cost_change_pct,
    cast(automation_hours_potential as double) as automation_hours_potential,
    cast(automation_hours_potential_prev as double) as automation_hours_potential_prev,
    cast((automation_hours_potential - automation_hours_potential_prev) * 100.0
        / nullif(automation_hours_potential_prev, 0) as double) as automation_hours_potential_change_pct
from paired
order by week_start
