-- Every week that has tickets, with its count and the span of created_at.
select
    week_start,
    count(*) as tickets,
    min(created_at) as first_created_at,
    max(created_at) as last_created_at
from int_tickets
where week_start is not null
group by week_start
order by week_start
