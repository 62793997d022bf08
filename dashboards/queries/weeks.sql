-- The first and last reporting week with any data the page shows.
select min(w) as first_week, max(w) as last_week
from (
    select week_start as w from int_tickets
    union all select week_start from backlog_weekly
    union all select week_start from interruptions
    union all select week_start from untracked_requests
    union all select week_start from focus_fragmentation
)
where w is not null
