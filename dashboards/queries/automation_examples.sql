-- The example tickets of each candidate, in their listed order, with a title.
with ex as (
    select
        rank::bigint                        as rank,
        intent,
        unnest(example_keys)                as source_key,
        generate_subscripts(example_keys, 1) as pos
    from automation_candidates
)
select
    ex.rank,
    ex.intent,
    ex.pos,
    ex.source_key,
    (select min(t.title) from int_tickets t where t.source_key = ex.source_key) as title
from ex
order by ex.rank, ex.intent, ex.pos
