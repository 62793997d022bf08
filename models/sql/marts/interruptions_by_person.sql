-- Who absorbs the crossings, per person (pseudonymized) and team, over all
-- weeks: interruptions, hours (handle plus refocus) and the person's share of
-- the team's interruptions. Teams with fewer than privacy_min_group_size
-- distinct interrupted people are left out: their figures stay in the team
-- totals (interruptions) but no row here would hide who is who.
with interruptions as (
    select *
    from {{ ref('int_interruptions') }}
),

per_person as (
    select
        person,
        team,
        count(*) as interruptions,
        cast(sum(cast(handle_minutes + refocus_minutes as decimal(18, 6))) as double) / 60 as total_hours
    from interruptions
    group by person, team
),

team_people as (
    select
        team,
        count(distinct person_key) as team_people
    from interruptions
    group by team
)

select
    per_person.person,
    per_person.team,
    per_person.interruptions,
    per_person.total_hours,
    cast(per_person.interruptions as double)
        / sum(per_person.interruptions) over (partition by per_person.team) as share_of_team,
    team_people.team_people
from per_person
join team_people using (team)
where team_people.team_people >= {{ var('privacy_min_group_size') }}
order by per_person.team, per_person.interruptions desc, per_person.person
