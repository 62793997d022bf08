-- The canonical comments with the author's name trimmed (runs of whitespace
-- collapsed, empty names null) and empty bodies null. Comments of deleted
-- tickets are kept here and dropped where comments meet int_tickets.
with source_comments as (
    select *
    from comments
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
)

select *
from cleaned
order by source, source_key, seq
