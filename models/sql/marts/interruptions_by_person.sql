-- Who absorbs the crossings, per person (pseudonymized) and team, over all
-- weeks: interruptions, hours (handle plus refocus) and the person's share of
-- the team's interruptions.
with per_person as (
    select
        person,
        team,
        count(*) as interruptions,
        sum(handle_minutes + refocus_minutes) / 60 as total_hours
    from {{ ref('int_interruptions') }}
    group by person, team
)

select
    person,
    team,
    interruptions,
    total_hours,
    cast(interruptions as double) / sum(interruptions) over (partition by team) as share_of_team
from per_person
order by team, interruptions desc, person
