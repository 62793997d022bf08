-- Every ticket's life as a sequence of status segments, from its creation:
-- one row per stretch of time in one normalized status.
--
-- Where the ticket has status events, they give the segments: the status
-- before the first event (its from value, else `open`) from created_at, then
-- each event's to value from its time until the next event. Event values are
-- the source's status names, normalized here as `lanes ingest` normalizes a
-- ticket's status (ingest.NormalizeStatus; a test keeps the two in step).
-- Events dated before the ticket's creation count at its creation. When the
-- last event leaves the ticket in another status than the ticket row says
-- (a history cut short), one more segment in the row's status starts at the
-- resolution (resolved, closed) or close (canceled) time, else at
-- updated_at, but never before the last event.
--
-- Without status events there are at most two segments: open from creation
-- until the resolution (resolved_at, else closed_at, else updated_at) or, for
-- a canceled ticket, its close (closed_at, else resolved_at, else
-- updated_at); then the final status. A ticket still open has one segment in
-- its current status. These segments are marked is_from_events = false:
-- they say when a ticket was open, not when it was waiting.
with tickets as (
    select source, source_key, status, created_at, resolved_at, closed_at, updated_at
    from {{ ref('stg_tickets') }}
),

status_events as (
    select
        events.source,
        events.source_key,
        events.seq,
        greatest(events.event_at, tickets.created_at) as event_at,
        lower(trim(events.from_value)) as from_given,
        lower(trim(events.to_value)) as to_given
    from {{ ref('stg_ticket_events') }} as events
    join tickets using (source, source_key)
    where events.kind = 'status'
),

-- a closed or resolved word with a negation in front ("not done",
-- "undone", "incomplete") is taken out first, as ingest.NormalizeStatus
-- does: the rest of the name decides, and nothing left means open
status_words as (
    select
        *,
        trim(regexp_replace(from_given, '\b(?:not(?: yet)?[ -]+|non[ -]?|un|in)(?:closed?|done|completed?|(?:re)?solved?|fixed|finish(?:ed)?|fulfill?(?:ed)?)\b', '', 'g')) as from_raw,
        trim(regexp_replace(to_given, '\b(?:not(?: yet)?[ -]+|non[ -]?|un|in)(?:closed?|done|completed?|(?:re)?solved?|fixed|finish(?:ed)?|fulfill?(?:ed)?)\b', '', 'g')) as to_raw
    from status_events
),

normalized as (
    -- the rules of ingest.NormalizeStatus (statusWords), in its order: a
    -- closure or resolution rejected (open again, before "rejected" reads
    -- as canceled; the closure word leading the name, or ending it after a
    -- refusal and at most one word before it, "customer rejected resolution"),
    -- then a word saying the work is over, then waiting, then a closure
    -- confirmed ("closure verified", "closure request approved": closed) or
    -- asked for ("close request", "resolution proposed": resolved), their
    -- words whole with "_" between words as a space ([\W_]), then
    -- a verb that closes or resolves as a whole word leading the name ("close",
    -- "resolve ticket", "review and close": event logs name activities so;
    -- not "closure", "resolver", "ready to close"), then in
    -- progress; an empty value is unknown here (null) rather than `open`.
    -- The CASE is written out for both values on purpose: normalizing each
    -- distinct name once and joining it back twice gave the same rows, no
    -- faster and with more memory (docs/performance.md, Build, "What was
    -- tried").
    select
        source,
        source_key,
        seq,
        event_at,
        case
            when from_given is null or from_given = '' then null
            when from_raw = '' then 'open'
            when from_raw = 'new' then 'new'
            when regexp_matches(from_raw, '^(?:request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?|proposed[\W_]+)?(?:close|closure|resolution|solution)(?:[\W_]+(?:request(?:ed)?|proposed|proposal))?(?:[\W_]+and)?[\W_]+(?:rejected|declined|refused|not[\W_]+(?:yet[\W_]+)?(?:verified|confirmed|accepted|approved))(?:[\W_]|$)|^(?:[a-z]+[\W_]+)?(?:rejected|declined|refused|not[\W_]+(?:yet[\W_]+)?(?:verified|confirmed|accepted|approved))[\W_]+(?:(?:the|a|proposed|for)[\W_]+)?(?:closure|resolution|solution)(?:[\W_]+(?:request|proposal))?[\W_]*$') then 'open'
            when regexp_matches(from_raw, 'cancel|won''?t (do|fix)|rejected|declined|duplicate|obsolete|withdrawn|abandoned') then 'canceled'
            when regexp_matches(from_raw, 'closed|done|complete|\bfinished\b') then 'closed'
            when regexp_matches(from_raw, 'resolved|fixed|solved|fulfill?ed|^(?:solution|resolution|fix)[\W_]+provided(?:[\W_]|$)') then 'resolved'
            when regexp_matches(from_raw, 'wait|pending|on hold|hold|blocked|awaiting') then 'waiting'
            when regexp_matches(from_raw, '^(?:request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?|proposed[\W_]+)?(?:close|closure|resolution|solution)(?:[\W_]+(?:request(?:ed)?|proposed|proposal))?(?:[\W_]+and)?[\W_]+(?:verified|confirmed|accepted|approved)(?:[\W_]|$)|^(?:[a-z]+[\W_]+)?(?:verified|confirmed|accepted|approved)[\W_]+(?:(?:the|a|proposed|for)[\W_]+)?(?:closure|resolution|solution)(?:[\W_]+(?:request|proposal))?[\W_]*$') then 'closed'
            when regexp_matches(from_raw, '^(?:close|closure)[\W_]+request(?:s|ed)?(?:[\W_]|$)|^request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?(?:close|closure)(?:[\W_]|$)|^(?:resolution|solution)[\W_]+proposed(?:[\W_]|$)|^proposed[\W_]+(?:resolution|solution)(?:[\W_]|$)') then 'resolved'
            when regexp_matches(from_raw, '^(?:\w+ and )?(?:close|finish)(?:[\W_]|$)') then 'closed'
            when regexp_matches(from_raw, '^(?:\w+ and )?(?:re)?solve(?:[\W_]|$)') then 'resolved'
            when regexp_matches(from_raw, 'progress|work in|review|(?:^|[^a-z])(?:re)?assigned|active|escalat|investigat|triage') then 'in_progress'
            else 'open'
        end as from_status,
        case
            when to_given is null or to_given = '' then null
            when to_raw = '' then 'open'
            when to_raw = 'new' then 'new'
            when regexp_matches(to_raw, '^(?:request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?|proposed[\W_]+)?(?:close|closure|resolution|solution)(?:[\W_]+(?:request(?:ed)?|proposed|proposal))?(?:[\W_]+and)?[\W_]+(?:rejected|declined|refused|not[\W_]+(?:yet[\W_]+)?(?:verified|confirmed|accepted|approved))(?:[\W_]|$)|^(?:[a-z]+[\W_]+)?(?:rejected|declined|refused|not[\W_]+(?:yet[\W_]+)?(?:verified|confirmed|accepted|approved))[\W_]+(?:(?:the|a|proposed|for)[\W_]+)?(?:closure|resolution|solution)(?:[\W_]+(?:request|proposal))?[\W_]*$') then 'open'
            when regexp_matches(to_raw, 'cancel|won''?t (do|fix)|rejected|declined|duplicate|obsolete|withdrawn|abandoned') then 'canceled'
            when regexp_matches(to_raw, 'closed|done|complete|\bfinished\b') then 'closed'
            when regexp_matches(to_raw, 'resolved|fixed|solved|fulfill?ed|^(?:solution|resolution|fix)[\W_]+provided(?:[\W_]|$)') then 'resolved'
            when regexp_matches(to_raw, 'wait|pending|on hold|hold|blocked|awaiting') then 'waiting'
            when regexp_matches(to_raw, '^(?:request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?|proposed[\W_]+)?(?:close|closure|resolution|solution)(?:[\W_]+(?:request(?:ed)?|proposed|proposal))?(?:[\W_]+and)?[\W_]+(?:verified|confirmed|accepted|approved)(?:[\W_]|$)|^(?:[a-z]+[\W_]+)?(?:verified|confirmed|accepted|approved)[\W_]+(?:(?:the|a|proposed|for)[\W_]+)?(?:closure|resolution|solution)(?:[\W_]+(?:request|proposal))?[\W_]*$') then 'closed'
            when regexp_matches(to_raw, '^(?:close|closure)[\W_]+request(?:s|ed)?(?:[\W_]|$)|^request(?:ed)?[\W_]+(?:(?:to|for)[\W_]+)?(?:close|closure)(?:[\W_]|$)|^(?:resolution|solution)[\W_]+proposed(?:[\W_]|$)|^proposed[\W_]+(?:resolution|solution)(?:[\W_]|$)') then 'resolved'
            when regexp_matches(to_raw, '^(?:\w+ and )?(?:close|finish)(?:[\W_]|$)') then 'closed'
            when regexp_matches(to_raw, '^(?:\w+ and )?(?:re)?solve(?:[\W_]|$)') then 'resolved'
            when regexp_matches(to_raw, 'progress|work in|review|(?:^|[^a-z])(?:re)?assigned|active|escalat|investigat|triage') then 'in_progress'
            else 'open'
        end as to_status,
        row_number() over (partition by source, source_key order by event_at, seq) as event_rank,
        count(*) over (partition by source, source_key) as event_count
    from status_words
),

-- the starts of the segments of tickets with status events
event_starts as (
    -- before the first event
    select
        normalized.source,
        normalized.source_key,
        0 as start_rank,
        tickets.created_at as started_at,
        coalesce(normalized.from_status, 'open') as status
    from normalized
    join tickets using (source, source_key)
    where normalized.event_rank = 1
    union all
    -- each event (an unknown to value keeps the status it had)
    select
        source,
        source_key,
        event_rank,
        event_at,
        to_status
    from normalized
    union all
    -- the ticket row's status, when the history ends elsewhere
    select
        normalized.source,
        normalized.source_key,
        normalized.event_count + 1,
        greatest(
            normalized.event_at,
            case
                when tickets.status in ('resolved', 'closed') then coalesce(tickets.resolved_at, tickets.closed_at, tickets.updated_at)
                when tickets.status = 'canceled' then coalesce(tickets.closed_at, tickets.resolved_at, tickets.updated_at)
                else tickets.updated_at
            end
        ),
        tickets.status
    from normalized
    join tickets using (source, source_key)
    where normalized.event_rank = normalized.event_count
        and normalized.to_status is distinct from tickets.status
),

event_segments as (
    select
        source,
        source_key,
        started_at,
        lead(started_at) over per_ticket as ended_at,
        -- an event with no readable to value carries the status before it
        last_value(status ignore nulls) over (per_ticket rows between unbounded preceding and current row) as status,
        true as is_from_events,
        start_rank
    from event_starts
    window per_ticket as (partition by source, source_key order by started_at, start_rank)
),

plain_segments as (
    select
        tickets.source,
        tickets.source_key,
        tickets.created_at as started_at,
        case
            when tickets.status in ('resolved', 'closed') then
                greatest(tickets.created_at, coalesce(tickets.resolved_at, tickets.closed_at, tickets.updated_at))
            when tickets.status = 'canceled' then
                greatest(tickets.created_at, coalesce(tickets.closed_at, tickets.resolved_at, tickets.updated_at))
        end as ended_at,
        case when tickets.status in ('new', 'open', 'in_progress', 'waiting') then tickets.status else 'open' end as status,
        false as is_from_events,
        0 as start_rank
    from tickets
    anti join normalized using (source, source_key)
    union all
    select
        tickets.source,
        tickets.source_key,
        greatest(tickets.created_at, case
            when tickets.status in ('resolved', 'closed') then coalesce(tickets.resolved_at, tickets.closed_at, tickets.updated_at)
            else coalesce(tickets.closed_at, tickets.resolved_at, tickets.updated_at)
        end),
        null,
        tickets.status,
        false,
        1
    from tickets
    anti join normalized using (source, source_key)
    where tickets.status in ('resolved', 'closed', 'canceled')
),

segments as (
    select * from event_segments
    union all
    select * from plain_segments
)

select
    source,
    source_key,
    cast(row_number() over (partition by source, source_key order by started_at, start_rank) as integer) as segment_seq,
    status,
    status in ('new', 'open', 'in_progress', 'waiting') as is_open_status,
    started_at,
    ended_at,
    is_from_events
from segments
-- zero-length segments (two changes at one moment) say nothing
where ended_at is null or ended_at > started_at
order by source, source_key, segment_seq
