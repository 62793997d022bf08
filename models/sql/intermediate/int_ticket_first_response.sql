-- The first response to every ticket: the earliest public comment (comments)
-- or status change (ticket_events, kind status) made by someone other than
-- the requester, at or after the ticket's creation. The author or actor must
-- be known, and a ticket with no requester counts every known author. The
-- requester is recognised by person_key (int_people), because sources name
-- one person in different ways: ServiceNow's history gives the actor's user
-- name (sys_updated_by `ann.lee`) and the caller's display name (`Ann Lee`,
-- or `Lee, Ann`), a Jira Server CSV comment authors' usernames and the
-- Reporter's display name. When the history has no such response, the
-- source's first_response_at stands in. Comment events in ticket_events are
-- not used: whether they were public is unknown. On a tie between a comment
-- and a status change, the comment wins.
--
-- The comment a ticket is opened with is not a response (Zendesk writes
-- the description as the first comment, by the agent when an agent opens
-- the ticket for a caller, and measures its own first reply from the next
-- one): the ticket's first comment does not count when it is dated at the
-- creation; a later comment in the same instant does (a Jira CSV gives
-- times to the minute). The status a ticket is created in is not a change: an event log's first
-- activity and a Zendesk Create audit come as a status event from no value
-- at the creation time, by whoever opened the ticket, so a status event
-- with no from value at (or before) created_at does not count. One later
-- than the creation does, whatever its from value says.
--
-- Automation is no response: changes and comments by the actor `system`
-- (any case; Zendesk's triggers and automations, author id -1, and
-- ServiceNow's own jobs), by `Automation for Jira` (Jira Cloud's rules) or
-- by a GitHub app, whose login ends in `[bot]`, do not count.

-- every name with its person_key (int_people): one rule for who is one
-- person, the one every model counts people by, worked out there once per
-- name, not per comment or event
with people as (
    select name, person_key
    from {{ ref('int_people') }}
),

tickets as (
    select
        tickets.source,
        tickets.source_key,
        tickets.created_at,
        tickets.first_response_at,
        requesters.person_key as requester_key
    from {{ ref('stg_tickets') }} as tickets
    left join people as requesters on requesters.name = tickets.requester
),

-- each ticket's first comment
opening as (
    select source, source_key, min(seq) as seq
    from {{ ref('stg_comments') }}
    group by source, source_key
),

candidates as (
    select
        comments.source,
        comments.source_key,
        comments.created_at as responded_at,
        'comment' as response_via,
        comments.author as responder,
        1 as via_rank,
        comments.seq,
        tickets.requester_key
    from {{ ref('stg_comments') }} as comments
    join tickets using (source, source_key)
    join opening using (source, source_key)
    where comments.is_public
        and comments.author is not null
        and comments.created_at >= tickets.created_at
        -- the comment a ticket is opened with (Zendesk's first comment,
        -- by an agent who opened it for the requester) is not a response:
        -- the ticket's first comment, when it is dated at the creation. A
        -- later one in the same instant counts (Jira's CSV gives minutes).
        and not (comments.created_at = tickets.created_at and comments.seq = opening.seq)
    union all
    select
        events.source,
        events.source_key,
        events.event_at,
        'status',
        events.actor,
        2,
        events.seq,
        tickets.requester_key
    from {{ ref('stg_ticket_events') }} as events
    join tickets using (source, source_key)
    where events.kind = 'status'
        and events.actor is not null
        and events.event_at >= tickets.created_at
        -- the status the ticket was created in
        and not (nullif(trim(events.from_value), '') is null and events.event_at <= tickets.created_at)
),

first_responses as (
    -- the earliest candidate; (responded_at, via_rank, seq) is unique per
    -- ticket. A window sorts and spills to disk where arg_min's string
    -- states, one per ticket, would have to stay in memory.
    select candidates.source, candidates.source_key, candidates.responded_at, candidates.response_via, candidates.responder
    from candidates
    join people as responders on responders.name = candidates.responder
    -- the requester's own comments and changes are no response: the names
    -- are one person when their person_keys agree (`ann.lee`, `Ann Lee` and
    -- `Lee, Ann`; `juergen.mueller`, `jurgen.muller` and `Jürgen Müller`)
    where not coalesce(responders.person_key = candidates.requester_key, false)
        -- automation is no response
        and lower(candidates.responder) not in ('system', 'automation for jira')
        and not ends_with(lower(candidates.responder), '[bot]')
    qualify row_number() over (partition by source, source_key order by responded_at, via_rank, seq) = 1
)

select
    tickets.source,
    tickets.source_key,
    coalesce(first_responses.responded_at, tickets.first_response_at) as responded_at,
    case
        when first_responses.responded_at is not null then first_responses.response_via
        when tickets.first_response_at is not null then 'source'
    end as response_via,
    first_responses.responder
from tickets
left join first_responses using (source, source_key)
order by tickets.source, tickets.source_key
