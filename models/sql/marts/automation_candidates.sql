-- Automatable intents with at least automation_min_tickets tickets, ranked
-- by score (the formula is in automation_candidates.yml).
with tickets as (
    select *
    from {{ ref('int_tickets') }}
),

span as (
    -- calendar weeks spanned by all tickets, first and last week included
    select (max(week_start) - min(week_start)) // 7 + 1 as weeks
    from tickets
),

per_intent as (
    select
        tickets.intent,
        intents.class as intent_class,
        count(*) as tickets,
        quantile_cont(tickets.handle_minutes, 0.5) as median_handle_minutes,
        avg(tickets.handle_minutes) as mean_handle_minutes,
        stddev_pop(tickets.handle_minutes) as stddev_handle_minutes,
        avg(case when tickets.reassignment_count > 0 then 1.0 else 0.0 end) as escalation_rate,
        avg(case when tickets.reopen_count > 0 then 1.0 else 0.0 end) as reopen_rate,
        list(tickets.source_key order by tickets.created_at desc, tickets.source_key)[1:3] as example_keys
    from tickets
    join dim_intents as intents on intents.name = tickets.intent
    where intents.is_automatable
    group by tickets.intent, intents.class
    having count(*) >= {{ var('automation_min_tickets') }}
),

measured as (
    select
        per_intent.*,
        cast(per_intent.tickets as double) / span.weeks as tickets_per_week,
        case when mean_handle_minutes = 0 then 0.0
            else stddev_handle_minutes / mean_handle_minutes
        end as cv_handle_minutes
    from per_intent
    cross join span
),

scored as (
    select
        *,
        tickets_per_week
            * (median_handle_minutes / 60)
            * (1 / (1 + cv_handle_minutes))
            * (1 - escalation_rate)
            * (1 - reopen_rate) as score,
        tickets_per_week * 52 / 12 * median_handle_minutes / 60
            * {{ var('automatable_share') }} as hours_saved_per_month
    from measured
)

select
    cast(row_number() over (order by score desc, intent) as integer) as rank,
    intent,
    intent_class,
    tickets,
    tickets_per_week,
    median_handle_minutes,
    cv_handle_minutes,
    cast(escalation_rate as double) as escalation_rate,
    cast(reopen_rate as double) as reopen_rate,
    score,
    cast(hours_saved_per_month as double) as hours_saved_per_month,
    example_keys
from scored
order by rank
