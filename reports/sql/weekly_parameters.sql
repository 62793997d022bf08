-- The metric parameters the warehouse was built with.
select name, value, description
from dim_parameters
order by name
