-- Created vs resolved and the open backlog at week end (backlog_weekly) for
-- the report week and the weeks before it from $1, oldest first.
-- $1: the first week_start to show; $2: the report week's.
select week_start, created, resolved, net_change, open_at_week_end
from backlog_weekly
where week_start between $1::date and $2::date
order by week_start
