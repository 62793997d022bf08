-- One row per touch: a person handling a ticket whose work belongs to the
-- other side of the IT / engineering line. Two kinds of touch:
--   assignee  the ticket's assignee, at the first response (else creation),
--             when the ticket's team is the assignee's team (int_tickets);
--   event     a status, assignee, group or comment event, at its time, by an
--             actor whose team comes from the `people` patterns, or, when the
--             actor is the ticket's assignee, the ticket's team.
-- IT-class work touched by an engineering team is `it_work_to_engineering`;
-- engineering-class work touched by an IT team is `engineering_work_to_it`.
-- Touches are then grouped per person into interruptions: a touch more than
-- merge_window_minutes after the same person's previous touch starts a new
-- interruption (gaps and islands).
--
-- A person is their person_key (int_people), not the name as written: a
-- ServiceNow or Jira Server event names its actor by user name
-- (`sabine.vogt`), the ticket its assignee by display name (`Sabine Vogt`),
-- and both are one person, with one run of interruptions; the actor is the
-- ticket's assignee when their keys agree.
with tickets as (
    select tickets.source, tickets.source_key, tickets.assignee, assignees.person_key as assignee_key,
        tickets.team, tickets.team_class, tickets.intent, tickets.intent_class,
        tickets.handle_minutes, tickets.first_response_at, tickets.created_at
    from {{ ref('int_tickets') }} as tickets
    left join {{ ref('int_people') }} as assignees on assignees.name = tickets.assignee
    where tickets.intent_class in ('it', 'engineering')
),

assignee_touches as (
    select
        source,
        source_key,
        assignee_key as person_key,
        team,
        team_class,
        intent_class,
        handle_minutes,
        coalesce(first_response_at, created_at) as touched_at,
        'assignee' as touch_kind,
        cast(null as integer) as event_seq,
        assignee as person_name
    from tickets
    where assignee is not null
),

event_touches as (
    select
        events.source,
        events.source_key,
        actors.person_key,
        case
            when people.team is not null then people.team
            when actors.person_key = tickets.assignee_key then tickets.team
        end as team,
        case
            when people.team is not null then people.team_class
            when actors.person_key = tickets.assignee_key then tickets.team_class
        end as team_class,
        tickets.intent_class,
        tickets.handle_minutes,
        events.event_at as touched_at,
        'event' as touch_kind,
        events.seq as event_seq,
        events.actor as person_name
    from {{ ref('stg_ticket_events') }} as events
    join tickets using (source, source_key)
    join {{ ref('int_people') }} as actors on actors.name = events.actor
    left join {{ ref('int_person_team') }} as people on people.person_key = actors.person_key
    where events.kind in ('status', 'assignee', 'group', 'comment')
        and events.actor is not null
),

crossings as (
    select
        *,
        case
            when intent_class = 'it' and team_class = 'engineering' then 'it_work_to_engineering'
            when intent_class = 'engineering' and team_class = 'it' then 'engineering_work_to_it'
        end as direction
    from (
        select * from assignee_touches
        union all
        select * from event_touches
    )
),

ordered as (
    select
        *,
        lag(touched_at) over per_person as previous_touched_at,
        -- a ticket's handle time counts once per person: at their first touch of it
        row_number() over (
            partition by person_key, source, source_key
            order by touched_at, touch_kind, event_seq
        ) = 1 as is_first_touch_of_ticket
    from crossings
    where direction is not null
    window per_person as (partition by person_key order by touched_at, source, source_key, touch_kind, event_seq)
),

islands as (
    select
        *,
        previous_touched_at is null
            or epoch(touched_at) - epoch(previous_touched_at) > {{ var('merge_window_minutes') }} * 60
            as is_interruption_start
    from ordered
)

select
    person_key,
    person_name,
    cast(sum(case when is_interruption_start then 1 else 0 end) over (
        partition by person_key
        order by touched_at, source, source_key, touch_kind, event_seq
        rows between unbounded preceding and current row
    ) as bigint) as interruption_seq,
    source,
    source_key,
    touch_kind,
    event_seq,
    touched_at,
    team,
    team_class,
    intent_class,
    direction,
    is_interruption_start,
    is_first_touch_of_ticket,
    case when is_first_touch_of_ticket then handle_minutes else 0 end as handle_minutes
from islands
order by person_key, touched_at, source, source_key, touch_kind, event_seq
