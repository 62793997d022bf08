-- Where one team's interruptions in a window come from: the tool, the
-- intent and the requester's team of the tickets they touched. An
-- interruption that touched tickets of two tools counts once for each;
-- handle hours are the touches' hands-on time (each ticket once per person,
-- as in int_touches). The `total` row counts everything once.
-- $1: the team; $2 and $3: the first and last week_start of the window.
with team_interruptions as (
    select person_key, interruption_seq
    from int_interruptions
    where team = $1
      and week_start between $2::date and $3::date
),

touched as (
    select
        touches.person_key,
        touches.interruption_seq,
        touches.source,
        touches.source_key,
        touches.handle_minutes,
        coalesce(nullif(trim(ticket.tool), ''), 'Unknown') as tool,
        coalesce(nullif(trim(ticket.intent), ''), 'other') as intent,
        coalesce(nullif(trim(raw.requester_team), ''), requester.team, 'Unknown') as requesting_team
    from int_touches as touches
    join team_interruptions using (person_key, interruption_seq)
    left join int_tickets as ticket using (source, source_key)
    left join tickets as raw using (source, source_key)
    left join int_people as requester_name on requester_name.name = ticket.requester
    left join int_person_team as requester on requester.person_key = requester_name.person_key
),

labelled as (
    select 'tool' as dimension, tool as value, * from touched
    union all
    select 'intent' as dimension, intent as value, * from touched
    union all
    select 'requesting_team' as dimension, requesting_team as value, * from touched
    union all
    select 'total' as dimension, '' as value, * from touched
)

select
    dimension,
    value,
    count(distinct (person_key, interruption_seq)) as interruptions,
    count(distinct (source, source_key)) as tickets,
    coalesce(sum(handle_minutes), 0) / 60 as handle_hours
from labelled
group by dimension, value
order by dimension, interruptions desc, handle_hours desc, value
