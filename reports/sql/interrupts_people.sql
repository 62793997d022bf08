-- How many distinct people had interruptions for one team, over all the
-- data. $1: the team.
select count(distinct person_key)
from int_interruptions
where team = $1
