-- Time to first response per dimension value (first_response).
select
    dimension,
    value,
    tickets::bigint                 as tickets,
    responded_tickets::bigint       as responded_tickets,
    median_hours::double            as median_hours,
    p90_hours::double               as p90_hours,
    median_business_hours::double   as median_business_hours,
    p90_business_hours::double      as p90_business_hours
from first_response
order by dimension, tickets desc, value
