-- Interruptions in one week per team and direction, plus a total row
-- (is_total), with the hours and cost at the low and high ends of the
-- refocus band. $1: the week's week_start.
select
    grouping(team, direction) > 0 as is_total,
    coalesce(team, '') as team,
    coalesce(direction, '') as direction,
    sum(interruptions) as interruptions,
    sum(tickets) as tickets,
    sum(handle_hours) as handle_hours,
    sum(refocus_hours) as refocus_hours,
    sum(total_hours) as total_hours,
    sum(handle_hours + refocus_low_hours) as total_low_hours,
    sum(handle_hours + refocus_high_hours) as total_high_hours,
    sum(cost) as cost,
    sum((handle_hours + refocus_low_hours) * hourly_cost) as cost_low,
    sum((handle_hours + refocus_high_hours) * hourly_cost) as cost_high
from interruptions
where week_start = $1::date
group by grouping sets ((team, direction), ())
order by is_total, total_hours desc, team, direction
