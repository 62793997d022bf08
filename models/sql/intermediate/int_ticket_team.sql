-- The owning team of every ticket: the assignee's team from the `people`
-- patterns (int_person_team, by the assignee's person_key from int_people, so
-- a pattern that matches another way the person is written counts), else the
-- team whose `groups` patterns match the assignment group (the first such
-- team in the configuration), else `Unassigned` with class `other`.
with tickets as (
    select source, source_key, assignee, assignment_group
    from {{ ref('stg_tickets') }}
),

assignment_groups as (
    select distinct assignment_group
    from tickets
    where assignment_group is not null
),

group_teams as (
    select
        assignment_groups.assignment_group,
        arg_min(patterns.team, patterns.priority) as team
    from assignment_groups
    join dim_team_patterns as patterns
        on patterns.kind = 'group'
        and regexp_matches(assignment_groups.assignment_group, '(?i)' || patterns.pattern)
    group by assignment_groups.assignment_group
),

owned as (
    select
        tickets.source,
        tickets.source_key,
        coalesce(people.team, group_teams.team) as team,
        case
            when people.team is not null then 'person'
            when group_teams.team is not null then 'group'
        end as team_matched_by
    from tickets
    left join {{ ref('int_people') }} as assignees on assignees.name = tickets.assignee
    left join {{ ref('int_person_team') }} as people on people.person_key = assignees.person_key
    left join group_teams on group_teams.assignment_group = tickets.assignment_group
)

select
    owned.source,
    owned.source_key,
    coalesce(owned.team, 'Unassigned') as team,
    coalesce(teams.class, 'other') as team_class,
    owned.team_matched_by
from owned
left join dim_teams as teams on teams.name = owned.team
order by owned.source, owned.source_key
