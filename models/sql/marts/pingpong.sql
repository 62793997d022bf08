-- Ping-pong per pair of teams: hand-offs that went back to the team of two
-- stints before (A -> B -> A, int_ticket_team_path), counted for the
-- unordered pair {A, B} (team_a before team_b alphabetically): the tickets
-- with at least one such return and the returns in all.
with returns as (
    select
        source,
        source_key,
        least(previous_team, team) as team_a,
        greatest(previous_team, team) as team_b
    from {{ ref('int_ticket_team_path') }}
    where is_return
)

select
    team_a,
    team_b,
    count(distinct (source, source_key)) as tickets,
    count(*) as returns
from returns
group by team_a, team_b
order by returns desc, team_a, team_b
