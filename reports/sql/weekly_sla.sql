-- SLA verdicts (sla) of the tickets created in the report week and, summed,
-- of those created in the four weeks before it that lie inside the data,
-- per priority (`all` for every priority together, `none` when unknown).
-- $1: the week's week_start; $2: the first week_start in the data.
with cur as (
    select priority, tickets, met, breached, pending, source_verdicts, computed_verdicts
    from sla
    where week_start = $1::date
),
prev as (
    select priority, sum(tickets) as tickets, sum(met) as met, sum(breached) as breached, sum(pending) as pending
    from sla
    where week_start between greatest($1::date - 28, $2::date) and $1::date - 7
    group by priority
)
select
    coalesce(cur.priority, prev.priority) as priority,
    coalesce(cur.tickets, 0) as tickets,
    coalesce(cur.met, 0) as met,
    coalesce(cur.breached, 0) as breached,
    coalesce(cur.pending, 0) as pending,
    coalesce(cur.source_verdicts, 0) as source_verdicts,
    coalesce(cur.computed_verdicts, 0) as computed_verdicts,
    coalesce(prev.tickets, 0) as prev_tickets,
    coalesce(prev.met, 0) as prev_met,
    coalesce(prev.breached, 0) as prev_breached,
    coalesce(prev.pending, 0) as prev_pending
from cur
full outer join prev on cur.priority = prev.priority
order by case coalesce(cur.priority, prev.priority) when 'all' then 0 when 'none' then 2 else 1 end, 1
