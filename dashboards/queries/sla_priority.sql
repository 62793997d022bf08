-- SLA verdicts per priority over all weeks (sla rows with no week).
select
    priority,
    tickets::bigint     as tickets,
    met::bigint         as met,
    breached::bigint    as breached,
    pending::bigint     as pending,
    breach_rate::double as breach_rate
from sla
where week_start is null
order by priority = 'all', priority
