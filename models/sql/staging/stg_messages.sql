-- The canonical help-channel messages, each placed in its thread: a message
-- whose thread_ts is empty or equal to its own message_ts is the root of its
-- thread, any other is a reply in the thread thread_ts. The author's name is
-- trimmed (empty names null). ticket_ref is the first of the ticket keys the
-- connector found in the message's thread (messages.ticket_ref, space-separated
-- candidates) that ticket_key_pattern finds; ticket_key is the first ticket
-- key ticket_key_pattern finds in the text; the text itself is dropped when
-- privacy_exclude_descriptions is true. The table may be empty: nothing
-- downstream needs a message.
with source_messages as (
    select *
    from messages
),

cleaned as (
    select
        source,
        channel,
        coalesce(nullif(trim(channel_name), ''), channel) as channel_name,
        message_ts,
        coalesce(nullif(trim(thread_ts), ''), message_ts) as thread_ts,
        coalesce(nullif(trim(thread_ts), ''), message_ts) = message_ts as is_root,
        nullif(trim(regexp_replace(author, '\s+', ' ', 'g')), '') as author,
        posted_at,
        -- the connector's candidates count only as far as the pattern finds
        -- a key in them: ticket_key_pattern alone decides what is a ticket key
        nullif(regexp_extract(coalesce(ticket_ref, ''), {{ var('ticket_key_pattern') }}, 0), '') as ticket_ref,
        nullif(regexp_extract(coalesce(text, ''), {{ var('ticket_key_pattern') }}, 0), '') as ticket_key,
        case when not cast({{ var('privacy_exclude_descriptions') }} as boolean) then
            nullif(regexp_replace(text, '^\s+|\s+$', '', 'g'), '')
        end as text,
        coalesce(reply_count, 0) as reply_count
    from source_messages
)

select *
from cleaned
order by source, channel, thread_ts, posted_at, message_ts
