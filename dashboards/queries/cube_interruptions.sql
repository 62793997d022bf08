-- The interruption cube behind the page's filters: per reporting week
-- (index 0 = the week $2, up to the week $3), team ($1: JSON list of named
-- teams, index = position; any other is "other" = the list's length) and
-- direction, summed from interruptions. The low and high hours and cost use
-- the refocus band's ends instead of the default refocus penalty.
with dims as (
    select from_json($1, '["VARCHAR"]') as teams, cast($2 as date) as first_week, cast($3 as date) as last_week
)

select
    date_diff('day', dims.first_week, i.week_start) // 7                        as w_i,
    coalesce(list_position(dims.teams, i.team), len(dims.teams) + 1) - 1         as team_i,
    coalesce(i.direction, '')                                                    as direction,
    sum(i.interruptions)::double                                                 as interruptions,
    sum(i.tickets)::double                                                       as tickets,
    sum(i.handle_hours)::double                                                  as handle_hours,
    sum(i.refocus_hours)::double                                                 as refocus_hours,
    sum(i.handle_hours + i.refocus_low_hours)::double                            as low_hours,
    sum(i.handle_hours + i.refocus_high_hours)::double                           as high_hours,
    sum(i.total_hours)::double                                                   as total_hours,
    sum(i.cost)::double                                                          as cost,
    sum((i.handle_hours + i.refocus_low_hours) * i.hourly_cost)::double          as low_cost,
    sum((i.handle_hours + i.refocus_high_hours) * i.hourly_cost)::double         as high_cost,
    sum(i.after_hours_interruptions)::double                                     as after_hours
from interruptions as i, dims
where i.week_start between dims.first_week and dims.last_week
group by all
order by w_i, team_i, direction
