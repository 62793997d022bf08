-- Tickets of one intent ($1) created per reporting week.
select week_start, count(*) as tickets
from int_tickets
where intent = $1
group by week_start
order by week_start
