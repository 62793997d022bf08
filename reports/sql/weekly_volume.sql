-- Tickets per tool in the report week and the week before: one row per tool
-- with tickets in either week, ranked two ways (ties broken by tool name).
-- $1: the week's week_start; $2: the previous week's week_start.
with cur as (
    select coalesce(tool, '') as tool, sum(tickets) as tickets, sum(share) as share
    from volume_by_tool
    where week_start = $1::date
    group by 1
),
prev as (
    select coalesce(tool, '') as tool, sum(tickets) as tickets
    from volume_by_tool
    where week_start = $2::date
    group by 1
),
joined as (
    select
        coalesce(cur.tool, prev.tool) as tool,
        coalesce(cur.tickets, 0) as tickets,
        coalesce(cur.share, 0) as share,
        coalesce(prev.tickets, 0) as prev_tickets
    from cur
    full outer join prev on cur.tool = prev.tool
)
select
    tool,
    tickets,
    share,
    prev_tickets,
    row_number() over (order by tickets desc, tool) as volume_rank,
    row_number() over (order by abs(tickets - prev_tickets) desc, tool) as mover_rank
from joined
order by volume_rank
