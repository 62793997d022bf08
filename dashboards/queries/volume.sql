-- Tickets created per tool per week.
select week_start, tool, tickets::bigint as tickets
from volume_by_tool
order by week_start, tool
