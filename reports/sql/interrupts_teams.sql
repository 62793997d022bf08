-- Every team a report can be asked for: the configured teams and any team
-- the interruptions were counted for, with its class and hourly cost when
-- the configuration has them.
with named as (
    select name as team from dim_teams
    union
    select distinct team from interruptions where team is not null
)
select
    named.team,
    coalesce(dim_teams.class, (select any_value(team_class) from interruptions where team = named.team)) as team_class,
    coalesce(dim_teams.hourly_cost, (select max(hourly_cost) from interruptions where team = named.team)) as hourly_cost
from named
left join dim_teams on dim_teams.name = named.team
order by named.team
