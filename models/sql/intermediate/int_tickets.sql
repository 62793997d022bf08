-- One row per ticket that is not deleted, with its tool, intent and team,
-- the reporting weeks it was created and resolved in, its handle time and
-- its calendar and business hours to first response and to resolve
-- (int_ticket_durations).
--
-- The reopen count is the source's; a source that cannot count reopens
-- (GitHub issues, whose events come in a file of their own; a Jira CSV,
-- which has no history) leaves it null, and the ticket's reopen events
-- (ticket_events, kind reopen) count instead: 0 when it has none.
--
-- A week starts at midnight on the calendar's week_start day (monday or
-- sunday) in the calendar's time zone: a UTC timestamp is first turned into
-- local wall-clock time, then taken back to the start of its week.
with tickets as (
    select *
    from {{ ref('stg_tickets') }}
),

local_times as (
    select
        source,
        source_key,
        timezone({{ var('time_zone') }}, created_at at time zone 'UTC') as created_local,
        case when status in ('resolved', 'closed') then
            timezone({{ var('time_zone') }}, coalesce(resolved_at, closed_at) at time zone 'UTC')
        end as resolved_local,
        -- days from the week's first day back to it: 0 on the first day
        case when {{ var('week_start') }} = 'sunday' then 0 else 1 end as week_start_dow
    from tickets
),

weeks as (
    select
        source,
        source_key,
        cast(created_local as date)
            - cast((dayofweek(created_local) + 7 - week_start_dow) % 7 as integer) as week_start,
        cast(resolved_local as date)
            - cast((dayofweek(resolved_local) + 7 - week_start_dow) % 7 as integer) as resolved_week_start
    from local_times
),

reopen_events as (
    select source, source_key, count(*) as reopens
    from {{ ref('stg_ticket_events') }}
    where kind = 'reopen'
    group by source, source_key
)

select
    tickets.source,
    tickets.source_key,
    tickets.title,
    tickets.kind,
    tickets.status,
    tickets.priority,
    tickets.category,
    tickets.channel,
    tickets.requester,
    tickets.assignee,
    tickets.assignment_group,
    tickets.url,
    tickets.created_at,
    tickets.first_response_at,
    tickets.resolved_at,
    tickets.closed_at,
    weeks.week_start,
    tickets.status in ('new', 'open', 'in_progress', 'waiting') as is_open,
    tickets.status in ('resolved', 'closed') as is_resolved,
    tool.tool,
    tool.is_tool_sanctioned,
    intent.intent,
    intent.intent_class,
    team.team,
    team.team_class,
    -- logged work, else the intent's default, else 30 minutes for `other`
    cast(coalesce(tickets.logged_handle_minutes, intent.intent_handle_minutes, 30) as double) as handle_minutes,
    tickets.logged_handle_minutes is not null as is_handle_logged,
    -- a resolution dated before the creation is a clock error: no hours
    case when tickets.status in ('resolved', 'closed')
        and coalesce(tickets.resolved_at, tickets.closed_at) >= tickets.created_at then
        (epoch(coalesce(tickets.resolved_at, tickets.closed_at)) - epoch(tickets.created_at)) / 3600.0
    end as resolve_hours,
    case when tickets.status in ('resolved', 'closed') then weeks.resolved_week_start end as resolved_week_start,
    cast(coalesce(tickets.reopen_count, reopen_events.reopens, 0) as integer) as reopen_count,
    tickets.reassignment_count,
    durations.resolve_business_hours,
    durations.responded_at,
    durations.first_response_hours,
    durations.first_response_business_hours
from tickets
join weeks using (source, source_key)
join {{ ref('int_ticket_tool') }} as tool using (source, source_key)
join {{ ref('int_ticket_intent') }} as intent using (source, source_key)
join {{ ref('int_ticket_team') }} as team using (source, source_key)
join {{ ref('int_ticket_durations') }} as durations using (source, source_key)
left join reopen_events using (source, source_key)
order by tickets.created_at, tickets.source, tickets.source_key
