-- The canonical ticket events with the actor's name trimmed (empty names
-- null) and the kind lower-cased. Events of deleted tickets are kept here
-- and dropped where events meet int_tickets. An actor, and the from and to
-- values of an assignee event, that is exactly the id of a person in the
-- source's directory becomes the person's name, and so do the from and to
-- values of a group event that are a group's id; other values stay as
-- they are.
with source_events as (
    select *
    from ticket_events
),

names as (
    select source, kind, id, nullif(trim(regexp_replace(name, '\s+', ' ', 'g')), '') as name
    from directory
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
),

named as (
    select
        c.* replace (
            coalesce(actor.name, c.actor) as actor,
            coalesce(from_name.name, c.from_value) as from_value,
            coalesce(to_name.name, c.to_value) as to_value
        )
    from cleaned c
    left join names actor
        on actor.source = c.source and actor.kind = 'person' and actor.id = c.actor
    left join names from_name
        on from_name.source = c.source and c.kind in ('assignee', 'group') and from_name.id = c.from_value
        and from_name.kind = case c.kind when 'assignee' then 'person' else 'group' end
    left join names to_name
        on to_name.source = c.source and c.kind in ('assignee', 'group') and to_name.id = c.to_value
        and to_name.kind = case c.kind when 'assignee' then 'person' else 'group' end
)

select *
from named
order by source, source_key, seq
