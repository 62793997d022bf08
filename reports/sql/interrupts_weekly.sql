-- One team's interruptions per week, with hours and cost at the refocus time
-- and at both ends of the refocus band.
-- $1: the team; $2 and $3: the first and last week_start of the window.
select
    week_start,
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
where team = $1
  and week_start between $2::date and $3::date
group by week_start
order by week_start
