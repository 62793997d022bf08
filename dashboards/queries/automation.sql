-- Automation candidates in rank order.
select
    rank::bigint                    as rank,
    intent,
    intent_class,
    tickets::bigint                 as tickets,
    tickets_per_week::double        as tickets_per_week,
    median_handle_minutes::double   as median_handle_minutes,
    cv_handle_minutes::double       as cv_handle_minutes,
    escalation_rate::double         as escalation_rate,
    reopen_rate::double             as reopen_rate,
    score::double                   as score,
    hours_saved_per_month::double   as hours_saved_per_month
from automation_candidates
order by rank, intent
