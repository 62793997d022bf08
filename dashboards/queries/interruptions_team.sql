-- Interruption hours and cost per team, with the refocus band as a range.
select
    team,
    min(team_class)                                         as team_class,
    sum(interruptions)::bigint                              as interruptions,
    sum(tickets)::bigint                                    as tickets,
    sum(total_hours)::double                                as total_hours,
    sum(handle_hours + refocus_low_hours)::double           as low_hours,
    sum(handle_hours + refocus_high_hours)::double          as high_hours,
    sum(cost)::double                                       as cost,
    sum((handle_hours + refocus_low_hours) * hourly_cost)::double as low_cost,
    sum((handle_hours + refocus_high_hours) * hourly_cost)::double as high_cost
from interruptions
group by team
order by cost desc, team
