-- The tool every ticket is about, from the catalogue's aliases (dim_tool_aliases):
-- an alias matches as a whole word, case-insensitively, in the components,
-- then the category, then the title, then the description. The earliest
-- field with a match wins; within it the longest alias, then the tool name
-- in alphabetical order. `Unknown` when no alias matches.
with tickets as (
    select source, source_key, components, category, title, description
    from {{ ref('stg_tickets') }}
),

aliases as (
    select
        tool,
        lower(trim(alias)) as alias
    from dim_tool_aliases
    where trim(alias) <> ''
),

alias_patterns as (
    -- a whole word: \b (a word boundary; word characters are ASCII letters,
    -- digits and _) at each end of the alias that is a word character
    select
        tool,
        alias,
        case when regexp_matches(alias, '^\w') then '\b' else '' end
            || regexp_escape(alias)
            || case when regexp_matches(alias, '\w$') then '\b' else '' end as pattern
    from aliases
),

fields as (
    select source, source_key, 1 as field_rank, 'components' as field,
        lower(array_to_string(components, chr(10))) as text
    from tickets
    union all
    select source, source_key, 2, 'category', lower(category) from tickets
    union all
    select source, source_key, 3, 'title', lower(title) from tickets
    union all
    select source, source_key, 4, 'description', lower(description) from tickets
),

texts as (
    select distinct text
    from fields
    where text is not null and text <> ''
),

text_matches as (
    -- DuckDB compiles a pattern taken from a column once per row, so the cheap
    -- contains() goes first and only its candidates meet the whole-word pattern
    select
        texts.text,
        aliases.tool,
        aliases.alias
    from texts
    join alias_patterns as aliases
        on contains(texts.text, aliases.alias)
        and regexp_matches(texts.text, aliases.pattern)
),

ranked as (
    select
        fields.source,
        fields.source_key,
        fields.field,
        text_matches.tool,
        text_matches.alias,
        row_number() over (
            partition by fields.source, fields.source_key
            order by fields.field_rank, length(text_matches.alias) desc, text_matches.tool, text_matches.alias
        ) as match_rank
    from fields
    join text_matches on text_matches.text = fields.text
)

select
    tickets.source,
    tickets.source_key,
    coalesce(ranked.tool, 'Unknown') as tool,
    tools.is_sanctioned as is_tool_sanctioned,
    ranked.field as tool_field,
    ranked.alias as tool_alias
from tickets
left join ranked
    on ranked.source = tickets.source
    and ranked.source_key = tickets.source_key
    and ranked.match_rank = 1
left join dim_tools as tools on tools.name = ranked.tool
order by tickets.source, tickets.source_key
