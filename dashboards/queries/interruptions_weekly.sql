-- Interruption hours and cost per week and direction, all teams together.
select
    week_start,
    direction,
    sum(interruptions)::bigint      as interruptions,
    sum(tickets)::bigint            as tickets,
    sum(handle_hours)::double       as handle_hours,
    sum(refocus_hours)::double      as refocus_hours,
    sum(total_hours)::double        as total_hours,
    sum(cost)::double               as cost
from interruptions
group by week_start, direction
order by week_start, direction
