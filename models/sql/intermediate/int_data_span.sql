-- The time span the data covers, one row (none when there are no tickets):
-- the earliest creation and the latest timestamp of any ticket that is not
-- deleted, of its events or of its comments. as_of_at is "now" for the
-- models that need one (the SLA clock of a ticket still open, the last day
-- of the backlog): the data's own latest moment, so that the same inputs
-- always give the same numbers.
with tickets as (
    select source, source_key, created_at,
        greatest(created_at, first_response_at, resolved_at, closed_at, updated_at) as latest_at
    from {{ ref('stg_tickets') }}
),

instants as (
    select max(latest_at) as latest_at from tickets
    union all
    select max(events.event_at)
    from {{ ref('stg_ticket_events') }} as events
    semi join tickets using (source, source_key)
    union all
    select max(comments.created_at)
    from {{ ref('stg_comments') }} as comments
    semi join tickets using (source, source_key)
),

span as (
    select
        (select min(created_at) from tickets) as first_created_at,
        (select max(latest_at) from instants) as as_of_at
)

select
    first_created_at,
    as_of_at,
    cast(timezone({{ var('time_zone') }}, first_created_at at time zone 'UTC') as date) as first_day,
    cast(timezone({{ var('time_zone') }}, as_of_at at time zone 'UTC') as date) as last_day
from span
where first_created_at is not null
