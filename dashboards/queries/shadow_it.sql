-- Unsanctioned tools the tickets mention (shadow_it), most tickets first.
select
    tool,
    owner,
    tickets::bigint             as tickets,
    requesters::bigint          as requesters,
    first_seen_at,
    last_seen_at,
    weeks_active::bigint        as weeks_active,
    tickets_per_week::double    as tickets_per_week,
    array_to_string(fields, ', ') as fields,
    (select count(*) from shadow_it) as tools
from shadow_it
order by tickets desc, tool
limit $1
