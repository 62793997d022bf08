-- The tool every ticket is about: the first of the tools it mentions
-- (int_ticket_tool_mentions, tool_rank 1). Aliases match as whole words,
-- case-insensitively, in the components, then the category, then the title,
-- then the description; the earliest field with a match wins, within it the
-- longest alias, then the tool name in alphabetical order. `Unknown` when no
-- alias matches.
with tickets as (
    select source, source_key
    from {{ ref('stg_tickets') }}
),

first_mentions as (
    select *
    from {{ ref('int_ticket_tool_mentions') }}
    where tool_rank = 1
)

select
    tickets.source,
    tickets.source_key,
    coalesce(first_mentions.tool, 'Unknown') as tool,
    first_mentions.is_tool_sanctioned,
    first_mentions.tool_field,
    first_mentions.tool_alias
from tickets
left join first_mentions using (source, source_key)
order by tickets.source, tickets.source_key
