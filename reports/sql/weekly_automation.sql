-- The five best automation candidates over all the data.
select
    rank,
    intent,
    tickets,
    tickets_per_week,
    median_handle_minutes,
    escalation_rate,
    hours_saved_per_month,
    example_keys
from automation_candidates
order by rank, intent
limit 5
