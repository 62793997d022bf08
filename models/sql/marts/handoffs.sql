-- Hand-offs per ticket: how often it changed team, how often that crossed
-- the IT / engineering line and how often it went back to a team it had just
-- left (ping-pong, A -> B -> A), from its group or assignee history
-- (int_ticket_team_path). A ticket with no such history takes the source's
-- reassignment count as its hand-offs (0 when the source has none), with
-- class crossings and ping-pongs unknown (null) and from_events false.
with paths as (
    select
        source,
        source_key,
        count(*) filter (where is_handoff) as handoffs,
        count(*) filter (where is_class_crossing) as class_crossings,
        count(*) filter (where is_return) as pingpongs,
        list(team order by stint_seq) as team_path
    from {{ ref('int_ticket_team_path') }}
    group by source, source_key
)

select
    tickets.source,
    tickets.source_key,
    cast(coalesce(paths.handoffs, tickets.reassignment_count) as bigint) as handoffs,
    paths.class_crossings,
    paths.pingpongs,
    paths.source is not null as from_events,
    coalesce(paths.team_path, []::varchar[]) as team_path
from {{ ref('int_tickets') }} as tickets
left join paths using (source, source_key)
order by tickets.source, tickets.source_key
