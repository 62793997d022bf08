-- The ticket cube behind the page's filters: per reporting week (index 0 =
-- the week $3), team and tool, one row per measure (and bucket). Teams and
-- tools are the JSON lists $1 and $2 (index = position); any other is
-- "other" (index = the list's length). $4 is the JSON list of bucket edges
-- in hours: bucket b holds the values v with edges[b-1] <= v < edges[b].
-- $5 is the last week. Measures:
--   c   tickets created in the week                      (int_tickets.week_start)
--   k   of those, canceled
--   rs  of those not canceled, with a first response     (responded_at)
--   fr  of those not canceled, first-response hours, per bucket
--   ap  handle minutes of those with an automatable intent (dim_intents)
--   r   tickets resolved in the week                      (resolved_week_start)
--   rh  of those, resolve hours per bucket (null resolve_hours left out)
--   sm, sb, sp  SLA verdicts met, breached, pending       (int_ticket_sla, week of creation)
--   o   open at the end of the week: created in or before it and not done
--       by its end (done = the week of the final resolution; a ticket that
--       is neither open nor resolved, such as a canceled one, counts as done
--       in the week it was created)
with dims as (
    select
        from_json($1, '["VARCHAR"]') as teams,
        from_json($2, '["VARCHAR"]') as tools,
        from_json($4, '["DOUBLE"]') as edges,
        cast($3 as date) as first_week,
        cast($5 as date) as last_week
),

tickets as (
    select
        coalesce(list_position(dims.teams, t.team), len(dims.teams) + 1) - 1 as team_i,
        coalesce(list_position(dims.tools, t.tool), len(dims.tools) + 1) - 1 as tool_i,
        t.source,
        t.source_key,
        t.week_start,
        t.resolved_week_start,
        t.is_open,
        coalesce(t.status = 'canceled', false) as is_canceled,
        t.responded_at,
        t.first_response_hours,
        t.resolve_hours,
        t.handle_minutes,
        t.intent,
        case
            when t.is_open then null
            when t.resolved_week_start is not null then greatest(t.week_start, t.resolved_week_start)
            else t.week_start
        end as done_week
    from int_tickets as t, dims
    where t.week_start is not null
),

created as (
    select week_start as w, team_i, tool_i, 'c' as m, 0 as b, count(*)::double as n
    from tickets group by all
    union all
    select week_start, team_i, tool_i, 'k', 0, count(*)
    from tickets where is_canceled group by all
    union all
    select week_start, team_i, tool_i, 'rs', 0, count(*)
    from tickets where not is_canceled and responded_at is not null group by all
    union all
    select week_start, team_i, tool_i, 'fr', len(list_filter(dims.edges, e -> e <= first_response_hours)), count(*)
    from tickets, dims where not is_canceled and first_response_hours is not null group by all
    union all
    select t.week_start, t.team_i, t.tool_i, 'ap', 0, sum(t.handle_minutes)
    from tickets as t join dim_intents as i on i.name = t.intent
    where i.is_automatable and t.handle_minutes is not null group by all
),

resolved as (
    select resolved_week_start as w, team_i, tool_i, 'r' as m, 0 as b, count(*)::double as n
    from tickets where resolved_week_start is not null group by all
    union all
    select resolved_week_start, team_i, tool_i, 'rh', len(list_filter(dims.edges, e -> e <= resolve_hours)), count(*)
    from tickets, dims where resolved_week_start is not null and resolve_hours is not null group by all
),

sla as (
    select
        s.week_start as w,
        t.team_i,
        t.tool_i,
        case s.verdict when 'met' then 'sm' when 'breached' then 'sb' else 'sp' end as m,
        0 as b,
        count(*)::double as n
    from int_ticket_sla as s
    join tickets as t using (source, source_key)
    where s.verdict in ('met', 'breached', 'pending')
    group by all
),

deltas as (
    select team_i, tool_i, week_start as w, count(*) as d from tickets group by all
    union all
    select team_i, tool_i, done_week, -count(*) from tickets where done_week is not null group by all
),

pairs as (
    select team_i, tool_i, sum(d) filter (where w < dims.first_week) as before_first
    from deltas, dims
    group by all
),

grid as (
    select pairs.team_i, pairs.tool_i, pairs.before_first, cast(g.w as date) as w
    from pairs, dims, generate_series(dims.first_week, dims.last_week, interval 7 day) as g(w)
),

open_weeks as (
    select
        grid.w,
        grid.team_i,
        grid.tool_i,
        'o' as m,
        0 as b,
        (coalesce(grid.before_first, 0) + sum(coalesce(week_deltas.d, 0)) over (
            partition by grid.team_i, grid.tool_i order by grid.w
        ))::double as n
    from grid
    left join (select team_i, tool_i, w, sum(d) as d from deltas group by all) as week_deltas
        using (team_i, tool_i, w)
),

measures as (
    select * from created
    union all select * from resolved
    union all select * from sla
    union all select * from open_weeks where n <> 0
)

select
    date_diff('day', dims.first_week, measures.w) // 7 as w_i,
    measures.team_i,
    measures.tool_i,
    measures.m,
    measures.b,
    measures.n
from measures, dims
where measures.w between dims.first_week and dims.last_week
order by w_i, team_i, tool_i, m, b
