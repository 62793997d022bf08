-- The canonical comments with the author's name trimmed (runs of whitespace
-- collapsed, empty names null) and empty bodies null. Comments of deleted
-- tickets are kept here and dropped where comments meet int_tickets. An
-- author that is exactly the id of a person in the source's directory
-- becomes the person's name; other authors stay as they are.
with source_comments as (
    select *
    from comments
),

names as (
    select source, id, nullif(trim(regexp_replace(name, '\s+', ' ', 'g')), '') as name
    from directory
    where kind = 'person'
),

cleaned as (
    select
        source,
        source_key,
        seq,
        nullif(trim(regexp_replace(author, '\s+', ' ', 'g')), '') as author,
        created_at,
        is_public,
        nullif(regexp_replace(body, '^\s+|\s+$', '', 'g'), '') as body
    from source_comments
),

named as (
    select c.* replace (coalesce(author.name, c.author) as author)
    from cleaned c
    left join names author on author.source = c.source and author.id = c.author
)

select *
from named
order by source, source_key, seq
