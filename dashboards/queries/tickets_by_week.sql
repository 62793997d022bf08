-- Tickets created per reporting week.
select week_start, count(*) as tickets
from int_tickets
group by week_start
order by week_start
