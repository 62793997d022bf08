-- Hand-offs per ticket: how often it changed team, how often that crossed
-- the IT / engineering line and how often it went back to a team it had just
-- left (ping-pong, A -> B -> A), from its group or assignee history
-- (int_ticket_team_path). A ticket with no such history takes the source's
-- reassignment count as its hand-offs (0 when the source has none), with
-- class crossings and ping-pongs unknown (null) and from_events false.
with per_stint as (
    -- running counts and path over each ticket's stints, as windows rather
    -- than a grouped list(... order by ...): a window sorts and spills to
    -- disk, where an ordered aggregate keeps every ticket's rows in memory.
    -- (A frame up to the current row is far cheaper in DuckDB than the
    -- whole partition; the last stint then carries the whole path.)
    select
        source,
        source_key,
        count(*) filter (where is_handoff) over per_ticket as handoffs,
        count(*) filter (where is_class_crossing) over per_ticket as class_crossings,
        count(*) filter (where is_return) over per_ticket as pingpongs,
        list(team) over per_ticket as team_path,
        lead(stint_seq) over per_ticket is null as is_last
    from {{ ref('int_ticket_team_path') }}
    window per_ticket as (
        partition by source, source_key
        order by stint_seq
        rows between unbounded preceding and current row)
),

paths as (
    -- one row per ticket: its last stint
    select source, source_key, handoffs, class_crossings, pingpongs, team_path
    from per_stint
    where is_last
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
