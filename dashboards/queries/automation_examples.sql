-- The example tickets of the first $1 candidates, in their listed order, with
-- the title the mart gives and the ticket's source URL when exactly one
-- ticket has that key.
with ex as (
    select
        rank::bigint                            as rank,
        unnest(example_keys)                    as source_key,
        unnest(example_titles)                  as title,
        generate_subscripts(example_keys, 1)    as pos
    from automation_candidates
    where rank <= $1
),

urls as (
    select source_key, min(url) as url
    from int_tickets
    where source_key in (select source_key from ex)
    group by source_key
    having count(*) = 1
)

select ex.rank, ex.pos, ex.source_key, ex.title, urls.url
from ex
left join urls using (source_key)
order by ex.rank, ex.pos
