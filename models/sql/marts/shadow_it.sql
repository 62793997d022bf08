-- Tools the tickets mention that are not sanctioned in the catalogue: every
-- mention counts (int_ticket_tool_mentions), not only a ticket's main tool.
-- Requesters are counted by person_key (int_people): `Ann Lee` and `ann.lee`
-- are one requester.
with mentions as (
    select
        mentions.tool,
        mentions.tool_field,
        tickets.source_key,
        requesters.person_key as requester_key,
        tickets.created_at,
        tickets.week_start
    from {{ ref('int_ticket_tool_mentions') }} as mentions
    join {{ ref('int_tickets') }} as tickets using (source, source_key)
    left join {{ ref('int_people') }} as requesters on requesters.name = tickets.requester
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
        count(distinct requester_key) as requesters,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at,
        count(distinct week_start) as weeks_active
    from mentions
    group by tool
),

-- The lists are built from few rows each (an ordered list aggregate keeps
-- all of a group's rows in memory, and a tool can have millions): the
-- distinct fields, and the three latest mentions picked by a window first.
tool_fields as (
    select tool, list(tool_field order by tool_field) as fields
    from (select distinct tool, tool_field from mentions)
    group by tool
),

examples as (
    select tool, list(source_key order by created_at desc, source_key) as example_keys
    from (
        select
            tool,
            source_key,
            created_at,
            row_number() over (partition by tool order by created_at desc, source_key) as example_rank
        from mentions
    )
    where example_rank <= 3
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
    tool_fields.fields,
    examples.example_keys
from per_tool
join tool_fields using (tool)
join examples using (tool)
join dim_tools as tools on tools.name = per_tool.tool
cross join span
order by per_tool.tickets desc, per_tool.tool
