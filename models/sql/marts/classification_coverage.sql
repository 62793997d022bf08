-- How much of the ticket volume lanes can name: the share of tickets an
-- intent rule covers, and the share of the rest that falls in a title
-- cluster of at least cluster_min_tickets tickets. One row per source and one
-- for all sources together.
with tickets as (
    select
        tickets.source,
        tickets.intent <> 'other' as has_intent,
        coalesce(clusters.cluster_tickets >= {{ var('cluster_min_tickets') }}, false) as in_cluster,
        case when clusters.cluster_tickets >= {{ var('cluster_min_tickets') }} then clusters.cluster_id end as cluster_id
    from {{ ref('int_tickets') }} as tickets
    left join {{ ref('int_ticket_cluster') }} as clusters using (source, source_key)
),

scoped as (
    select 'all' as source, has_intent, in_cluster, cluster_id from tickets
    union all
    select source, has_intent, in_cluster, cluster_id from tickets
)

select
    source,
    count(*) as tickets,
    count(*) filter (where has_intent) as intent_tickets,
    count(*) filter (where not has_intent) as other_tickets,
    count(*) filter (where in_cluster) as clustered_tickets,
    count(distinct cluster_id) as clusters,
    count(*) filter (where has_intent) / count(*) as intent_share,
    count(*) filter (where in_cluster) / count(*) as clustered_share,
    count(*) filter (where has_intent or in_cluster) / count(*) as covered_share
from scoped
group by source
order by source = 'all' desc, source
