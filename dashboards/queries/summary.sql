-- Header numbers: how many tickets, from how many sources, over which dates.
select
    count(*)                            as tickets,
    count(distinct source)              as sources,
    count(*) filter (where is_open)     as open_tickets,
    min(created_at)                     as first_created_at,
    max(created_at)                     as last_created_at
from int_tickets
