-- The first $1 (tool, intent) pairs of fix_ranking.
select
    rank::bigint                                as rank,
    tool,
    intent,
    tickets::bigint                             as tickets,
    tickets_per_week::double                    as tickets_per_week,
    interruptions_per_week::double              as interruptions_per_week,
    avoidable_interruptions_per_week::double    as avoidable_interruptions_per_week,
    avoidable_hours_per_week::double            as avoidable_hours_per_week,
    avoidable_cost_per_week::double             as avoidable_cost_per_week
from fix_ranking
order by rank, tool, intent
limit $1
