-- Open tickets at the data's latest moment (int_data_span.as_of_at) per team
-- ($1) and tool ($2), as in cube_tickets.sql, by age since creation: under 1
-- day, 1-3 days, 3-7 days, 7-30 days, 30 days or more (backlog_daily's buckets).
with dims as (
    select from_json($1, '["VARCHAR"]') as teams, from_json($2, '["VARCHAR"]') as tools
),

open_tickets as (
    select
        coalesce(list_position(dims.teams, t.team), len(dims.teams) + 1) - 1 as team_i,
        coalesce(list_position(dims.tools, t.tool), len(dims.tools) + 1) - 1 as tool_i,
        greatest(date_diff('second', t.created_at, span.as_of_at), 0) / 3600.0 as age_hours
    from int_tickets as t, dims, int_data_span as span
    where t.is_open
)

select
    team_i,
    tool_i,
    count(*) filter (where age_hours < 24)::double                      as lt_1d,
    count(*) filter (where age_hours >= 24 and age_hours < 72)::double  as d1_3d,
    count(*) filter (where age_hours >= 72 and age_hours < 168)::double as d3_7d,
    count(*) filter (where age_hours >= 168 and age_hours < 720)::double as d7_30d,
    count(*) filter (where age_hours >= 720)::double                    as gt_30d
from open_tickets
group by all
order by team_i, tool_i
