-- Help-channel threads answered by engineers with no ticket (untracked_requests)
-- per reporting week (index 0 = the week $2, up to $3) and team ($1, as in
-- cube_interruptions.sql).
with dims as (
    select from_json($1, '["VARCHAR"]') as teams, cast($2 as date) as first_week, cast($3 as date) as last_week
)

select
    date_diff('day', dims.first_week, u.week_start) // 7                        as w_i,
    coalesce(list_position(dims.teams, u.team), len(dims.teams) + 1) - 1         as team_i,
    sum(u.threads)::double                                                       as threads,
    sum(u.interruptions)::double                                                 as interruptions,
    sum(u.total_hours)::double                                                   as total_hours,
    sum(u.handle_hours + u.refocus_low_hours)::double                            as low_hours,
    sum(u.handle_hours + u.refocus_high_hours)::double                           as high_hours,
    sum(u.cost)::double                                                          as cost,
    sum(u.interruption_hours)::double                                            as ticket_hours
from untracked_requests as u, dims
where u.week_start between dims.first_week and dims.last_week
group by all
order by w_i, team_i
