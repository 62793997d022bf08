-- Every ticket's SLA verdict against the targets of its priority
-- (sla_<priority>_response_hours, _resolve_hours, _business_hours; 0 is no
-- target).
--
-- The source's verdict wins where the source has one (is_sla_breached):
-- breached when it says so, otherwise met once the ticket is resolved,
-- closed or canceled and pending while it is open.
--
-- Otherwise lanes computes it. Two clocks start at created_at: the response
-- clock stops at the first response (int_tickets.responded_at; a ticket
-- resolved without one stops at its resolution), the resolution clock at the
-- resolution (resolved_at, else closed_at). A clock still running stops at
-- int_data_span.as_of_at, the data's latest moment. Each clock counts calendar
-- hours, or business hours when the priority's target says so, minus the time
-- spent in a status of sla_pause_statuses (status segments from events in
-- int_status_history). A clock over its target is breached; a running
-- clock still under it is pending; a clock that would stop before it starts
-- (a response or resolution dated before the creation) has no verdict. The
-- ticket's verdict is breached when either clock is breached, else pending
-- when either is pending, else met. Canceled tickets and tickets without a
-- target get no computed verdict.
with targets as (
    select
        priority,
        cast(response_hours as double) as response_target_hours,
        cast(resolve_hours as double) as resolve_target_hours,
        cast(business_hours as boolean) as is_business_hours
    from (values
        ('p1', {{ var('sla_p1_response_hours') }}, {{ var('sla_p1_resolve_hours') }}, {{ var('sla_p1_business_hours') }}),
        ('p2', {{ var('sla_p2_response_hours') }}, {{ var('sla_p2_resolve_hours') }}, {{ var('sla_p2_business_hours') }}),
        ('p3', {{ var('sla_p3_response_hours') }}, {{ var('sla_p3_resolve_hours') }}, {{ var('sla_p3_business_hours') }}),
        ('p4', {{ var('sla_p4_response_hours') }}, {{ var('sla_p4_resolve_hours') }}, {{ var('sla_p4_business_hours') }})
    ) as t(priority, response_hours, resolve_hours, business_hours)
),

pause_statuses as (
    select unnest(string_split({{ var('sla_pause_statuses') }}, ',')) as status
),

tickets as (
    select
        tickets.source,
        tickets.source_key,
        tickets.priority,
        tickets.week_start,
        tickets.status,
        tickets.created_at,
        case when tickets.is_resolved then coalesce(tickets.resolved_at, tickets.closed_at) end as resolved_at,
        tickets.responded_at,
        source_tickets.is_sla_breached,
        targets.response_target_hours,
        targets.resolve_target_hours,
        targets.is_business_hours,
        coalesce(targets.response_target_hours > 0 or targets.resolve_target_hours > 0, false) as has_target
    from {{ ref('int_tickets') }} as tickets
    join {{ ref('stg_tickets') }} as source_tickets using (source, source_key)
    left join targets on targets.priority = tickets.priority
),

clocks as (
    -- one row per ticket and clock, from creation to where it stops
    select
        tickets.source,
        tickets.source_key,
        'response' as clock,
        tickets.created_at as started_at,
        coalesce(tickets.responded_at, tickets.resolved_at, span.as_of_at) as stopped_at,
        coalesce(tickets.responded_at, tickets.resolved_at) is null as is_running,
        tickets.is_business_hours
    from tickets
    cross join {{ ref('int_data_span') }} as span
    where tickets.has_target and tickets.status <> 'canceled'
    union all
    select
        tickets.source,
        tickets.source_key,
        'resolve',
        tickets.created_at,
        coalesce(tickets.resolved_at, span.as_of_at),
        tickets.resolved_at is null,
        tickets.is_business_hours
    from tickets
    cross join {{ ref('int_data_span') }} as span
    where tickets.has_target and tickets.status <> 'canceled'
),

pauses as (
    -- the part of each pause segment inside each clock's run
    select
        clocks.source,
        clocks.source_key,
        clocks.clock,
        greatest(segments.started_at, clocks.started_at) as paused_from,
        least(coalesce(segments.ended_at, clocks.stopped_at), clocks.stopped_at) as paused_to
    from clocks
    join {{ ref('int_status_history') }} as segments using (source, source_key)
    where segments.is_from_events
        and segments.status in (select status from pause_statuses)
        and segments.started_at < clocks.stopped_at
        and coalesce(segments.ended_at, clocks.stopped_at) > clocks.started_at
),

-- business time: W(t) = working minutes of the calendar up to t (see
-- int_ticket_durations); business minutes between a and b are W(b) - W(a)
clock_spans as (
    select
        clocks.*,
        (epoch(stopped_at) - epoch(started_at)) / 60.0 as calendar_minutes,
        (stop_day.work_minutes_before
            + least(greatest((epoch(stopped_at) - epoch(stop_day.work_start_at)) / 60.0, 0), stop_day.work_minutes))
        - (start_day.work_minutes_before
            + least(greatest((epoch(started_at) - epoch(start_day.work_start_at)) / 60.0, 0), start_day.work_minutes))
            as business_minutes
    from clocks
    left join dim_business_days as start_day
        on start_day.day = cast(timezone({{ var('time_zone') }}, clocks.started_at at time zone 'UTC') as date)
    left join dim_business_days as stop_day
        on stop_day.day = cast(timezone({{ var('time_zone') }}, clocks.stopped_at at time zone 'UTC') as date)
),

pause_spans as (
    select
        pauses.source,
        pauses.source_key,
        pauses.clock,
        -- exact decimal addition: a sum of doubles depends on the order
        -- DuckDB's threads add them up in
        cast(sum(cast((epoch(paused_to) - epoch(paused_from)) / 60.0 as decimal(18, 6))) as double) as calendar_minutes,
        cast(sum(cast((to_day.work_minutes_before
                + least(greatest((epoch(paused_to) - epoch(to_day.work_start_at)) / 60.0, 0), to_day.work_minutes))
            - (from_day.work_minutes_before
                + least(greatest((epoch(paused_from) - epoch(from_day.work_start_at)) / 60.0, 0), from_day.work_minutes))
            as decimal(18, 6))) as double) as business_minutes
    from pauses
    left join dim_business_days as from_day
        on from_day.day = cast(timezone({{ var('time_zone') }}, pauses.paused_from at time zone 'UTC') as date)
    left join dim_business_days as to_day
        on to_day.day = cast(timezone({{ var('time_zone') }}, pauses.paused_to at time zone 'UTC') as date)
    group by pauses.source, pauses.source_key, pauses.clock
),

clock_hours as (
    -- a clock that would stop before it starts (a response or resolution
    -- dated before the creation) has no hours and no verdict
    select
        clock_spans.source,
        clock_spans.source_key,
        clock_spans.clock,
        clock_spans.is_running,
        case when clock_spans.stopped_at >= clock_spans.started_at then
            coalesce(pause_spans.calendar_minutes, 0) / 60.0
        end as paused_hours,
        case when clock_spans.stopped_at >= clock_spans.started_at then
            case when clock_spans.is_business_hours
                then clock_spans.business_minutes - coalesce(pause_spans.business_minutes, 0)
                else clock_spans.calendar_minutes - coalesce(pause_spans.calendar_minutes, 0)
            end / 60.0
        end as clock_hours
    from clock_spans
    left join pause_spans using (source, source_key, clock)
),

clock_verdicts as (
    select
        tickets.source,
        tickets.source_key,
        response.clock_hours as response_clock_hours,
        resolve.clock_hours as resolve_clock_hours,
        resolve.paused_hours,
        case when tickets.response_target_hours > 0 and response.clock_hours is not null then
            case
                when response.clock_hours > tickets.response_target_hours then 'breached'
                when response.is_running then 'pending'
                else 'met'
            end
        end as response_verdict,
        case when tickets.resolve_target_hours > 0 and resolve.clock_hours is not null then
            case
                when resolve.clock_hours > tickets.resolve_target_hours then 'breached'
                when resolve.is_running then 'pending'
                else 'met'
            end
        end as resolve_verdict
    from tickets
    join clock_hours as response on response.source = tickets.source
        and response.source_key = tickets.source_key and response.clock = 'response'
    join clock_hours as resolve on resolve.source = tickets.source
        and resolve.source_key = tickets.source_key and resolve.clock = 'resolve'
),

computed as (
    select
        *,
        case
            when response_verdict = 'breached' or resolve_verdict = 'breached' then 'breached'
            when response_verdict = 'pending' or resolve_verdict = 'pending' then 'pending'
            when response_verdict = 'met' or resolve_verdict = 'met' then 'met'
        end as computed_verdict
    from clock_verdicts
),

source_verdicts as (
    select
        source,
        source_key,
        case
            when is_sla_breached then 'breached'
            when status in ('resolved', 'closed', 'canceled') then 'met'
            else 'pending'
        end as source_verdict
    from tickets
    where is_sla_breached is not null
)

select
    tickets.source,
    tickets.source_key,
    tickets.priority,
    tickets.week_start,
    tickets.status,
    tickets.has_target,
    tickets.response_target_hours,
    tickets.resolve_target_hours,
    tickets.is_business_hours,
    computed.response_clock_hours,
    computed.resolve_clock_hours,
    computed.paused_hours,
    computed.response_verdict,
    computed.resolve_verdict,
    computed.computed_verdict,
    tickets.is_sla_breached as source_breached,
    coalesce(source_verdicts.source_verdict, computed.computed_verdict) as verdict,
    case
        when source_verdicts.source_verdict is not null then 'source'
        when computed.computed_verdict is not null then 'computed'
    end as verdict_source
from tickets
left join computed using (source, source_key)
left join source_verdicts using (source, source_key)
order by tickets.source, tickets.source_key
