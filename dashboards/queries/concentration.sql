-- Per team: how many people absorb its interruptions, and the one who takes
-- the largest share (already pseudonymized by the mart).
with ranked as (
    select
        team,
        person,
        interruptions::bigint       as interruptions,
        total_hours::double         as total_hours,
        share_of_team::double       as share_of_team,
        count(*) over (partition by team) as people,
        row_number() over (
            partition by team
            order by share_of_team desc, interruptions desc, person
        ) as pos
    from interruptions_by_person
)
select team, people, person, interruptions, total_hours, share_of_team
from ranked
where pos = 1
order by share_of_team desc, team
