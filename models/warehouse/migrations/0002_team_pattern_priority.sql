-- 0002: the order of teams in lanes.yaml decides which team a person or an
-- assignment group belongs to when several teams' patterns match.
-- priority: lower wins; the team's position in the configuration, from 1.
alter table dim_team_patterns add column priority integer default 0;
