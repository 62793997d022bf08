-- The metric parameters the models ran with.
select name, value, description
from dim_parameters
order by name
