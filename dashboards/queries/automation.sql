-- The first $1 automation candidates in rank order.
select
    rank::bigint                    as rank,
    kind,
    name,
    intent_class,
    tickets::bigint                 as tickets,
    tickets_per_week::double        as tickets_per_week,
    median_handle_minutes::double   as median_handle_minutes,
    cv_handle_minutes::double       as cv_handle_minutes,
    escalation_rate::double         as escalation_rate,
    reopen_rate::double             as reopen_rate,
    score::double                   as score,
    hours_saved_per_week::double    as hours_saved_per_week,
    hours_saved_per_month::double   as hours_saved_per_month,
    payback_weeks::double           as payback_weeks,
    (select count(*) from automation_candidates) as candidates
from automation_candidates
order by rank, kind, name
limit $1
