-- Automation candidates, ranked by score (the formula is in
-- automation_candidates.yml): the automatable intents, and the title clusters
-- of the tickets no intent rule covers (int_ticket_cluster), each with at
-- least automation_min_tickets tickets (a cluster also needs
-- cluster_min_tickets). Intents and clusters are ranked together.
with tickets as (
    select *
    from {{ ref('int_tickets') }}
),

span as (
    -- calendar weeks spanned by all tickets, first and last week included
    select (max(week_start) - min(week_start)) // 7 + 1 as weeks
    from tickets
),

candidate_tickets as (
    select
        'intent' as kind,
        tickets.intent as name,
        cast(null as varchar) as cluster_id,
        tickets.intent,
        intents.class as intent_class,
        tickets.source_key,
        tickets.title,
        tickets.created_at,
        tickets.handle_minutes,
        tickets.reassignment_count,
        tickets.reopen_count
    from tickets
    join dim_intents as intents on intents.name = tickets.intent
    where intents.is_automatable
    union all
    select
        'cluster',
        clusters.cluster_label,
        clusters.cluster_id,
        tickets.intent,
        cast(null as varchar),
        tickets.source_key,
        tickets.title,
        tickets.created_at,
        tickets.handle_minutes,
        tickets.reassignment_count,
        tickets.reopen_count
    from tickets
    join {{ ref('int_ticket_cluster') }} as clusters using (source, source_key)
    -- the clusters title_clusters lists: at least cluster_min_tickets tickets
    semi join {{ ref('title_clusters') }} as listed on listed.cluster_id = clusters.cluster_id
),

per_candidate as (
    select
        kind,
        name,
        cluster_id,
        any_value(intent) as intent,
        any_value(intent_class) as intent_class,
        count(*) as tickets,
        quantile_cont(handle_minutes, 0.5) as median_handle_minutes,
        -- exact decimal sums (a sum of doubles depends on the order DuckDB's
        -- threads add them up in); the spread from them below
        sum(cast(handle_minutes as decimal(18, 6))) as handle_minutes_sum,
        sum(cast(handle_minutes * handle_minutes as decimal(38, 6))) as handle_minutes_sum_sq,
        count(handle_minutes) as handle_minutes_n,
        avg(case when reassignment_count > 0 then 1.0 else 0.0 end) as escalation_rate,
        avg(case when reopen_count > 0 then 1.0 else 0.0 end) as reopen_rate
    from candidate_tickets
    group by kind, name, cluster_id
    having count(*) >= {{ var('automation_min_tickets') }}
),

examples as (
    -- the three latest tickets, picked by a window first: an ordered list
    -- aggregate over all of a candidate's tickets keeps them all in memory
    select
        kind,
        name,
        cluster_id,
        list(source_key order by created_at desc, source_key) as example_keys,
        list(title order by created_at desc, source_key) as example_titles
    from (
        select
            kind,
            name,
            cluster_id,
            source_key,
            title,
            created_at,
            row_number() over (partition by kind, name, cluster_id order by created_at desc, source_key) as example_rank
        from candidate_tickets
    )
    where example_rank <= 3
    group by kind, name, cluster_id
),

moments as (
    -- mean and population standard deviation from the exact sums:
    -- var = sum(x^2) / n - mean^2 (at least 0)
    select
        per_candidate.*,
        examples.example_keys,
        examples.example_titles,
        cast(handle_minutes_sum as double) / nullif(handle_minutes_n, 0) as mean_handle_minutes,
        sqrt(greatest(
            cast(handle_minutes_sum_sq as double) / nullif(handle_minutes_n, 0)
                - pow(cast(handle_minutes_sum as double) / nullif(handle_minutes_n, 0), 2),
            0)) as stddev_handle_minutes
    from per_candidate
    join examples
        on examples.kind = per_candidate.kind
        and examples.name is not distinct from per_candidate.name
        and examples.cluster_id is not distinct from per_candidate.cluster_id
),

measured as (
    select
        moments.*,
        cast(moments.tickets as double) / span.weeks as tickets_per_week,
        case when mean_handle_minutes = 0 then 0.0
            else stddev_handle_minutes / mean_handle_minutes
        end as cv_handle_minutes
    from moments
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
        tickets_per_week * median_handle_minutes / 60
            * {{ var('automatable_share') }} as hours_saved_per_week,
        cast({{ var('automation_build_cost_hours') }} as double) as build_cost_hours
    from measured
)

select
    cast(row_number() over (order by score desc, kind desc, name, cluster_id) as integer) as rank,
    intent,
    intent_class,
    tickets,
    tickets_per_week,
    median_handle_minutes,
    cv_handle_minutes,
    cast(escalation_rate as double) as escalation_rate,
    cast(reopen_rate as double) as reopen_rate,
    score,
    cast(hours_saved_per_week * 52 / 12 as double) as hours_saved_per_month,
    example_keys,
    kind,
    name,
    cluster_id,
    cast(hours_saved_per_week as double) as hours_saved_per_week,
    build_cost_hours,
    case when hours_saved_per_week > 0 then build_cost_hours / hours_saved_per_week end as payback_weeks,
    example_titles
from scored
order by rank
