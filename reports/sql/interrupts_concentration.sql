-- One team's rows of interruptions_by_person (pseudonymized), busiest first.
-- $1: the team.
select person, interruptions, total_hours, share_of_team
from interruptions_by_person
where team = $1
order by interruptions desc, total_hours desc, person
