-- Calendar and business hours to resolve per dimension value (time_to_resolve).
select
    dimension,
    value,
    resolved_tickets::bigint        as resolved_tickets,
    median_hours::double            as median_hours,
    p90_hours::double               as p90_hours,
    mean_hours::double              as mean_hours,
    median_business_hours::double   as median_business_hours,
    p90_business_hours::double      as p90_business_hours
from time_to_resolve
order by dimension, resolved_tickets desc, value
