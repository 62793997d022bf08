-- Every tool a ticket mentions, from the catalogue's aliases (dim_tool_aliases):
-- an alias matches as a whole word, case-insensitively, in the components,
-- the category, the title or the description. One row per ticket and tool,
-- with the earliest field it was found in (then the longest alias). tool_rank
-- orders a ticket's tools the way int_ticket_tool picks one: earliest field,
-- longest alias, then tool name; the tool with tool_rank 1 is the ticket's
-- tool. shadow_it reads every mention, not only the first.
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

simple_aliases as (
    -- aliases of word characters only (a-z, 0-9, _): matching one as a whole
    -- word is finding it among the text's words, a hash join
    select tool, alias
    from aliases
    where regexp_full_match(alias, '\w+')
),

text_words as (
    -- a word twice in a text matches twice; mentions keeps one row per tool
    select
        text,
        unnest(regexp_split_to_array(text, '[^a-z0-9_]+')) as word
    from texts
),

text_matches as (
    select
        text_words.text,
        simple_aliases.tool,
        simple_aliases.alias
    from text_words
    join simple_aliases on simple_aliases.alias = text_words.word
    union all
    -- other aliases (with spaces, dots, hyphens): DuckDB compiles a pattern
    -- taken from a column once per row, so the cheap contains() goes first and
    -- only its candidates meet the whole-word pattern
    select
        texts.text,
        aliases.tool,
        aliases.alias
    from texts
    join alias_patterns as aliases
        on contains(texts.text, aliases.alias)
        and regexp_matches(texts.text, aliases.pattern)
    where not regexp_full_match(aliases.alias, '\w+')
),

mentions as (
    select
        fields.source,
        fields.source_key,
        fields.field_rank,
        fields.field,
        text_matches.tool,
        text_matches.alias,
        row_number() over (
            partition by fields.source, fields.source_key, text_matches.tool
            order by fields.field_rank, length(text_matches.alias) desc, text_matches.alias
        ) as alias_rank
    from fields
    join text_matches on text_matches.text = fields.text
),

best as (
    select *
    from mentions
    where alias_rank = 1
)

select
    best.source,
    best.source_key,
    best.tool,
    tools.is_sanctioned as is_tool_sanctioned,
    best.field as tool_field,
    best.alias as tool_alias,
    cast(row_number() over (
        partition by best.source, best.source_key
        order by best.field_rank, length(best.alias) desc, best.tool, best.alias
    ) as integer) as tool_rank
from best
join dim_tools as tools on tools.name = best.tool
order by best.source, best.source_key, tool_rank
