-- The canonical ticket events with the actor's name trimmed (empty names
-- null) and the kind lower-cased. Events of deleted tickets are kept here
-- and dropped where events meet int_tickets.
with source_events as (
    select *
    from ticket_events
),

cleaned as (
    select
        source,
        source_key,
        seq,
        event_at,
        lower(trim(kind)) as kind,
        nullif(trim(regexp_replace(actor, '\s+', ' ', 'g')), '') as actor,
        from_value,
        to_value
    from source_events
)

select *
from cleaned
order by source, source_key, seq
