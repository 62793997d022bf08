-- Focus blocks (focus_fragmentation) per reporting week (index 0 = the week
-- $2, up to $3) and team ($1, as in cube_interruptions.sql).
with dims as (
    select from_json($1, '["VARCHAR"]') as teams, cast($2 as date) as first_week, cast($3 as date) as last_week
)

select
    date_diff('day', dims.first_week, f.week_start) // 7                        as w_i,
    coalesce(list_position(dims.teams, f.team), len(dims.teams) + 1) - 1         as team_i,
    sum(f.engineer_days)::double                                                 as engineer_days,
    sum(f.blocks)::double                                                        as blocks,
    sum(f.clean_blocks)::double                                                  as clean_blocks
from focus_fragmentation as f, dims
where f.week_start between dims.first_week and dims.last_week
group by all
order by w_i, team_i
