-- The team of every person named in the tickets (assignees), their events
-- (actors, and the assignees of assignee events) or the help channels
-- (message authors) whom a team's `people`
-- patterns match, one row per person (person_key, int_people). The patterns
-- are matched against each name the person is written with, in lower case;
-- when several teams match any of them, the first team in the configuration
-- wins, so `sabine.vogt` and `Sabine Vogt` have one team. People matched by
-- no pattern are not listed: their tickets fall back to the assignment group.
with names as (
    select assignee as name
    from {{ ref('stg_tickets') }}
    where assignee is not null
    union
    select actor
    from {{ ref('stg_ticket_events') }}
    where actor is not null
    union
    -- the assignees of assignee events (int_ticket_team_path), trimmed as it reads them
    select nullif(trim(from_value), '')
    from {{ ref('stg_ticket_events') }}
    where kind = 'assignee' and nullif(trim(from_value), '') is not null
    union
    select nullif(trim(to_value), '')
    from {{ ref('stg_ticket_events') }}
    where kind = 'assignee' and nullif(trim(to_value), '') is not null
    union
    -- read from the canonical table, cleaned as stg_messages cleans it: only
    -- the author is needed, not the ticket keys stg_messages looks for
    select nullif(trim(regexp_replace(author, '\s+', ' ', 'g')), '')
    from messages
    where nullif(trim(author), '') is not null
),

people as (
    select people.person_key, lower(names.name) as lower_name
    from names
    join {{ ref('int_people') }} as people using (name)
),

matches as (
    select
        people.person_key,
        patterns.team,
        patterns.priority
    from people
    join dim_team_patterns as patterns
        on patterns.kind = 'person'
        and regexp_matches(people.lower_name, '(?i)' || patterns.pattern)
),

first_team as (
    select
        person_key,
        arg_min(team, priority) as team
    from matches
    group by person_key
)

select
    first_team.person_key,
    first_team.team,
    teams.class as team_class
from first_team
join dim_teams as teams on teams.name = first_team.team
order by first_team.person_key
