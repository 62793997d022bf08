-- Calendar and business hours from a ticket's creation to its first response
-- (int_ticket_first_response) and to its resolution (resolved_at, else
-- closed_at, for resolved and closed tickets).
--
-- Business hours use dim_business_days, the calendar written at build time
-- with each local day's working window as UTC instants. For an instant t on
-- local day d, the working minutes of the calendar up to t are
--   W(t) = d.work_minutes_before + clamp(t - d.work_start_at, 0, d.work_minutes)
-- and the business minutes between a and b are W(b) - W(a): weekends,
-- holidays, nights and daylight-saving changes fall out exactly.
--
-- A response or resolution dated before the creation is a clock error: its
-- hours are null (the ticket is still responded or resolved).
with tickets as (
    select
        tickets.source,
        tickets.source_key,
        tickets.created_at,
        responses.responded_at,
        case when tickets.status in ('resolved', 'closed') then
            coalesce(tickets.resolved_at, tickets.closed_at)
        end as resolved_at
    from {{ ref('stg_tickets') }} as tickets
    join {{ ref('int_ticket_first_response') }} as responses using (source, source_key)
),

local_days as (
    select
        *,
        cast(timezone({{ var('time_zone') }}, created_at at time zone 'UTC') as date) as created_day,
        cast(timezone({{ var('time_zone') }}, responded_at at time zone 'UTC') as date) as responded_day,
        cast(timezone({{ var('time_zone') }}, resolved_at at time zone 'UTC') as date) as resolved_day
    from tickets
),

positions as (
    -- W(t) for each instant, in minutes
    select
        local_days.source,
        local_days.source_key,
        local_days.created_at,
        local_days.responded_at,
        local_days.resolved_at,
        c.work_minutes_before
            + least(greatest((epoch(local_days.created_at) - epoch(c.work_start_at)) / 60.0, 0), c.work_minutes) as created_w,
        r.work_minutes_before
            + least(greatest((epoch(local_days.responded_at) - epoch(r.work_start_at)) / 60.0, 0), r.work_minutes) as responded_w,
        v.work_minutes_before
            + least(greatest((epoch(local_days.resolved_at) - epoch(v.work_start_at)) / 60.0, 0), v.work_minutes) as resolved_w
    from local_days
    left join dim_business_days as c on c.day = local_days.created_day
    left join dim_business_days as r on r.day = local_days.responded_day
    left join dim_business_days as v on v.day = local_days.resolved_day
)

select
    source,
    source_key,
    responded_at,
    case when responded_at >= created_at then
        (epoch(responded_at) - epoch(created_at)) / 3600.0
    end as first_response_hours,
    case when responded_at >= created_at then
        (responded_w - created_w) / 60.0
    end as first_response_business_hours,
    case when resolved_at >= created_at then
        (resolved_w - created_w) / 60.0
    end as resolve_business_hours
from positions
order by source, source_key
