-- Created, resolved and open tickets per reporting week (backlog_weekly).
select
    w.week_start,
    w.created::bigint               as created,
    w.resolved::bigint              as resolved,
    w.open_at_week_end::bigint      as open_at_week_end
from backlog_weekly as w
order by w.week_start
