-- The headline figures of every reporting week (weekly_summary).
select
    week_start,
    tickets_created::bigint             as tickets_created,
    tickets_resolved::bigint            as tickets_resolved,
    open_backlog::bigint                as open_backlog,
    median_resolve_hours::double        as median_resolve_hours,
    interruption_hours::double          as interruption_hours,
    interruption_cost::double           as interruption_cost,
    automation_hours_potential::double  as automation_hours_potential
from weekly_summary
order by week_start
