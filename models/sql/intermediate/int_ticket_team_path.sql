-- The teams every ticket went through, in order, from its history: one row
-- per stint with a team.
--
-- The ticket's teams come from its group events (ticket_events kind group):
-- the first event's from value, then each event's to value, in time order.
-- A group is the team whose `groups` patterns match it (the first such team
-- in the configuration), else the group's own name with class `other`.
-- Tickets without group events use their assignee events instead: the
-- assignee's team, by their person_key (int_people) from int_person_team,
-- as int_ticket_team finds the owner's: the first team whose `people`
-- patterns match any name the person is written with, so `Sabine Vogt` in
-- an assignee event is in the team her user name's pattern gives.
-- Assignees no pattern matches are skipped. Cleared values are skipped.
--
-- Repeats of the same team collapse into one stint; every stint after the
-- first is a hand-off from the stint before. A hand-off crosses classes when
-- it goes between an it and an engineering team (either way). It is a return
-- (ping-pong) when it goes back to the team of two stints before: A -> B -> A.
with tickets as (
    select source, source_key
    from {{ ref('stg_tickets') }}
),

events as (
    select events.*
    from {{ ref('stg_ticket_events') }} as events
    semi join tickets using (source, source_key)
    where events.kind in ('group', 'assignee')
),

group_tickets as (
    select distinct source, source_key
    from events
    where kind = 'group'
),

used_events as (
    -- group events, or assignee events for tickets with no group event
    select
        events.*,
        row_number() over (partition by events.source, events.source_key order by events.event_at, events.seq) as event_rank
    from events
    left join group_tickets using (source, source_key)
    where (events.kind = 'group') = (group_tickets.source is not null)
),

observations as (
    -- the value before the first event, then each event's value
    select source, source_key, kind, event_at, seq, 0 as step, nullif(trim(from_value), '') as value
    from used_events
    where event_rank = 1
    union all
    select source, source_key, kind, event_at, seq, 1, nullif(trim(to_value), '')
    from used_events
),

group_values as (
    select distinct value
    from observations
    where kind = 'group' and value is not null
),

group_teams as (
    -- groups against `groups` patterns
    select
        group_values.value,
        arg_min(patterns.team, patterns.priority) as team
    from group_values
    join dim_team_patterns as patterns
        on patterns.kind = 'group'
        and regexp_matches(group_values.value, '(?i)' || patterns.pattern)
    group by group_values.value
),

team_observations as (
    select
        observations.source,
        observations.source_key,
        observations.event_at,
        observations.seq,
        observations.step,
        case
            when observations.kind = 'group' then coalesce(group_teams.team, observations.value)
            else people.team
        end as team
    from observations
    -- equality joins only, one row each at most; the case above takes the
    -- one of the observation's kind
    left join group_teams on group_teams.value = observations.value
    -- an assignee is their person's team (int_person_team, by person_key),
    -- as in int_ticket_team
    left join {{ ref('int_people') }} as assignees on assignees.name = observations.value
    left join {{ ref('int_person_team') }} as people on people.person_key = assignees.person_key
),

with_previous as (
    select
        *,
        lag(team) over (partition by source, source_key order by event_at, seq, step) as previous_team
    from team_observations
    where team is not null
),

stints as (
    select source, source_key, event_at, seq, step, team
    from with_previous
    where previous_team is null or previous_team <> team
),

ordered as (
    select
        stints.source,
        stints.source_key,
        row_number() over per_ticket as stint_seq,
        stints.event_at as started_at,
        stints.team,
        coalesce(teams.class, 'other') as team_class,
        lag(stints.team) over per_ticket as previous_team,
        lag(coalesce(teams.class, 'other')) over per_ticket as previous_class,
        lag(stints.team, 2) over per_ticket as team_before_previous
    from stints
    left join dim_teams as teams on teams.name = stints.team
    window per_ticket as (partition by stints.source, stints.source_key order by stints.event_at, stints.seq, stints.step)
)

select
    source,
    source_key,
    cast(stint_seq as integer) as stint_seq,
    started_at,
    team,
    team_class,
    previous_team,
    previous_team is not null as is_handoff,
    coalesce(
        (previous_class = 'it' and team_class = 'engineering') or (previous_class = 'engineering' and team_class = 'it'),
        false
    ) as is_class_crossing,
    coalesce(team = team_before_previous, false) as is_return
from ordered
order by source, source_key, stint_seq
