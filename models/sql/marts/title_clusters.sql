-- Clusters of near-duplicate titles among the tickets no intent rule covers
-- (int_ticket_cluster), with at least cluster_min_tickets tickets: how many,
-- over how many weeks, and examples.
with clustered as (
    select
        clusters.cluster_id,
        clusters.cluster_label,
        clusters.cluster_signature,
        tickets.source_key,
        tickets.title,
        tickets.created_at,
        tickets.week_start
    from {{ ref('int_ticket_cluster') }} as clusters
    join {{ ref('int_tickets') }} as tickets using (source, source_key)
    where clusters.cluster_tickets >= {{ var('cluster_min_tickets') }}
),

span as (
    -- calendar weeks spanned by all tickets, first and last week included
    select (max(week_start) - min(week_start)) // 7 + 1 as weeks
    from {{ ref('int_tickets') }}
),

per_cluster as (
    select
        cluster_id,
        any_value(cluster_label) as label,
        any_value(cluster_signature) as stems,
        count(*) as tickets,
        count(distinct week_start) as weeks_active,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at
    from clustered
    group by cluster_id
),

examples as (
    -- the three latest tickets, picked by a window first: an ordered list
    -- aggregate over all of a cluster's tickets keeps them all in memory
    select
        cluster_id,
        list(source_key order by created_at desc, source_key) as example_keys,
        list(title order by created_at desc, source_key) as example_titles
    from (
        select
            cluster_id,
            source_key,
            title,
            created_at,
            row_number() over (partition by cluster_id order by created_at desc, source_key) as example_rank
        from clustered
    )
    where example_rank <= 3
    group by cluster_id
)

select
    per_cluster.cluster_id,
    per_cluster.label,
    per_cluster.stems,
    per_cluster.tickets,
    cast(per_cluster.tickets as double) / span.weeks as tickets_per_week,
    per_cluster.weeks_active,
    per_cluster.first_seen_at,
    per_cluster.last_seen_at,
    examples.example_keys,
    examples.example_titles
from per_cluster
join examples using (cluster_id)
cross join span
order by per_cluster.tickets desc, per_cluster.cluster_id
