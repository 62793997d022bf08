-- Open tickets at the data's latest moment (int_data_span.as_of_at) per team
-- ($1) and tool ($2), as in cube_tickets.sql, by age since creation in the
-- buckets of backlog_age_daily: $3 lists their edges in days (the lower
-- edges of the second bucket on), so bucket = how many edges the age has
-- reached (0 for the youngest; each bucket includes its lower edge).
with dims as (
    select
        from_json($1, '["VARCHAR"]') as teams,
        from_json($2, '["VARCHAR"]') as tools,
        from_json($3, '["DOUBLE"]') as edges
),

open_tickets as (
    select
        coalesce(list_position(dims.teams, t.team), len(dims.teams) + 1) - 1 as team_i,
        coalesce(list_position(dims.tools, t.tool), len(dims.tools) + 1) - 1 as tool_i,
        greatest(date_diff('second', t.created_at, span.as_of_at), 0) / 3600.0 as age_hours,
        dims.edges
    from int_tickets as t, dims, int_data_span as span
    where t.is_open
)

select
    team_i,
    tool_i,
    len(list_filter(edges, e -> age_hours >= e * 24)) as bucket,
    count(*)::double as open_tickets
from open_tickets
group by all
order by team_i, tool_i, bucket
