-- One row per engineer per help-channel thread the engineer answered: a
-- reply (stg_messages, not the root) whose author the `people` patterns put
-- in an engineering team (int_person_team), in a thread the engineer did not
-- start and that no one of the engineer's own team started. The thread is
-- tracked when any of its messages links a ticket (ticket_ref) or names one
-- (ticket_key, from ticket_key_pattern); an untracked thread is work that
-- never reached a queue. People are their person_key (int_people), so an
-- engineer who asks as `Sabine Vogt` and replies as `sabine.vogt` answers
-- her own thread.
with messages as (
    select *
    from {{ ref('stg_messages') }}
),

threads as (
    select
        source,
        channel,
        thread_ts,
        any_value(author) filter (where is_root) as asked_by,
        min(posted_at) filter (where is_root) as asked_at,
        bool_or(ticket_ref is not null or ticket_key is not null) as is_tracked
    from messages
    group by source, channel, thread_ts
),

engineer_replies as (
    select
        messages.source,
        messages.channel,
        messages.thread_ts,
        authors.person_key,
        people.team,
        messages.posted_at
    from messages
    join {{ ref('int_people') }} as authors on authors.name = messages.author
    join {{ ref('int_person_team') }} as people on people.person_key = authors.person_key
    where not messages.is_root
        and people.team_class = 'engineering'
),

answered as (
    select
        replies.source,
        replies.channel,
        replies.thread_ts,
        replies.person_key,
        replies.team,
        threads.asked_at,
        threads.is_tracked,
        min(replies.posted_at) as first_reply_at,
        count(*) as replies
    from engineer_replies as replies
    join threads using (source, channel, thread_ts)
    left join {{ ref('int_people') }} as asker_names on asker_names.name = threads.asked_by
    left join {{ ref('int_person_team') }} as askers on askers.person_key = asker_names.person_key
    where asker_names.person_key is distinct from replies.person_key
        and askers.team is distinct from replies.team
    group by all
)

select
    source,
    channel,
    thread_ts,
    person_key,
    team,
    asked_at,
    first_reply_at,
    -- minutes from the request to this engineer's first reply; null when the
    -- root message is not in the export
    (epoch(first_reply_at) - epoch(asked_at)) / 60.0 as first_reply_minutes,
    replies,
    is_tracked
from answered
order by source, channel, thread_ts, person_key
