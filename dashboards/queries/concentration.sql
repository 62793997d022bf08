-- Per team (interruptions_by_person holds only teams with enough people):
-- how many people absorb its interruptions, the one who takes the largest
-- share (already pseudonymized by the mart) and the Gini coefficient of the
-- interruptions over its people.
with people as (
    select
        team,
        person,
        interruptions::double       as interruptions,
        total_hours::double         as total_hours,
        share_of_team::double       as share_of_team,
        count(*) over (partition by team) as people,
        row_number() over (partition by team order by interruptions, person) as asc_pos,
        row_number() over (
            partition by team
            order by share_of_team desc, interruptions desc, person
        ) as pos
    from interruptions_by_person
),

gini as (
    select
        team,
        case when count(*) <= 1 or sum(interruptions) = 0 then 0.0
             else 2 * sum(asc_pos * interruptions) / (count(*) * sum(interruptions)) - (count(*) + 1.0) / count(*)
        end as gini,
        sum(interruptions) as interruptions,
        sum(total_hours) as total_hours
    from people
    group by team
)

select
    p.team,
    p.people::bigint        as people,
    p.person,
    p.interruptions::bigint as person_interruptions,
    p.total_hours           as person_hours,
    p.share_of_team,
    g.gini::double          as gini,
    g.interruptions::bigint as team_interruptions,
    g.total_hours::double   as team_hours
from people as p
join gini as g using (team)
where p.pos = 1
order by p.share_of_team desc, p.team
