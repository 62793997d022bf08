-- Every team the page can filter by, busiest first: tickets owned, then
-- interruption hours, untracked and focus data, then by name.
with owned as (
    select team, count(*) as tickets from int_tickets group by team
),
interrupted as (
    select team, sum(total_hours) as hours, min(team_class) as team_class from interruptions group by team
),
untracked as (
    select team, sum(total_hours) as hours from untracked_requests group by team
),
focus as (
    select team, sum(blocks) as blocks from focus_fragmentation group by team
),
names as (
    select team from owned
    union select team from interrupted
    union select team from untracked
    union select team from focus
)

select
    coalesce(names.team, '')                        as team,
    coalesce(owned.tickets, 0)::bigint              as tickets,
    coalesce(interrupted.hours, 0)::double          as hours,
    coalesce(untracked.hours, 0)::double            as untracked_hours,
    coalesce(focus.blocks, 0)::double               as blocks,
    coalesce(interrupted.team_class, dim_teams.class, '') as team_class
from names
left join owned using (team)
left join interrupted using (team)
left join untracked using (team)
left join focus using (team)
left join dim_teams on dim_teams.name = names.team
order by tickets desc, hours desc, untracked_hours desc, blocks desc, team
