-- SLA verdicts (int_ticket_sla) per week of creation and priority, with a
-- row for all priorities of each week (priority `all`) and, with week_start
-- null, the same over all weeks. Only tickets with a verdict count.
with verdicts as (
    select
        week_start,
        coalesce(priority, 'none') as priority,
        verdict,
        verdict_source
    from {{ ref('int_ticket_sla') }}
    where verdict is not null
),

grouped as (
    select
        week_start,
        coalesce(priority, 'all') as priority,
        count(*) as tickets,
        count(*) filter (where verdict = 'met') as met,
        count(*) filter (where verdict = 'breached') as breached,
        count(*) filter (where verdict = 'pending') as pending,
        count(*) filter (where verdict_source = 'source') as source_verdicts,
        count(*) filter (where verdict_source = 'computed') as computed_verdicts
    from verdicts
    -- week x priority, week, priority, everything; week_start is never null
    -- in int_ticket_sla, so a null here means "all weeks"
    group by grouping sets ((week_start, priority), (week_start), (priority), ())
    having count(*) > 0
)

select
    week_start,
    priority,
    tickets,
    met,
    breached,
    pending,
    case when met + breached > 0 then breached / (met + breached) end as breach_rate,
    source_verdicts,
    computed_verdicts
from grouped
order by week_start nulls last, priority
