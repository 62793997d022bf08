-- The example tickets of the first $1 shadow-IT tools, with a title and the
-- source URL when exactly one ticket has that key.
with tools as (
    select tool, example_keys
    from shadow_it
    order by tickets desc, tool
    limit $1
),

ex as (
    select tool, unnest(example_keys) as source_key, generate_subscripts(example_keys, 1) as pos
    from tools
),

tickets as (
    select source_key, min(title) as title, min(url) as url, count(*) as n
    from int_tickets
    where source_key in (select source_key from ex)
    group by source_key
)

select
    ex.tool,
    ex.pos,
    ex.source_key,
    tickets.title,
    case when tickets.n = 1 then tickets.url end as url
from ex
left join tickets using (source_key)
order by ex.tool, ex.pos
