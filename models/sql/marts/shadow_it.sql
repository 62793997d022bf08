-- Tools the tickets mention that are not sanctioned in the catalogue: every
-- mention counts (int_ticket_tool_mentions), not only a ticket's main tool.
with mentions as (
    select
        mentions.tool,
        mentions.tool_field,
        tickets.source_key,
        tickets.requester,
        tickets.created_at,
        tickets.week_start
    from {{ ref('int_ticket_tool_mentions') }} as mentions
    join {{ ref('int_tickets') }} as tickets using (source, source_key)
    where not mentions.is_tool_sanctioned
),

span as (
    -- calendar weeks spanned by all tickets, first and last week included
    select (max(week_start) - min(week_start)) // 7 + 1 as weeks
    from {{ ref('int_tickets') }}
),

per_tool as (
    select
        tool,
        count(*) as tickets,
        count(distinct lower(requester)) as requesters,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at,
        count(distinct week_start) as weeks_active,
        list(distinct tool_field order by tool_field) as fields,
        list(source_key order by created_at desc, source_key)[1:3] as example_keys
    from mentions
    group by tool
)

select
    per_tool.tool,
    tools.owner,
    per_tool.tickets,
    per_tool.requesters,
    per_tool.first_seen_at,
    per_tool.last_seen_at,
    per_tool.weeks_active,
    cast(per_tool.tickets as double) / span.weeks as tickets_per_week,
    per_tool.fields,
    per_tool.example_keys
from per_tool
join dim_tools as tools on tools.name = per_tool.tool
cross join span
order by per_tool.tickets desc, per_tool.tool
