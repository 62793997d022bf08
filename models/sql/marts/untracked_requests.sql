-- Help-channel threads answered by engineers that never reached a queue, per
-- reporting week and engineering team, priced like ticket interruptions.
-- Each engineer answering an untracked thread (int_thread_replies) is one
-- interruption costing thread_handle_minutes plus refocus_minutes (band
-- refocus_low_minutes..refocus_high_minutes). A thread belongs to the week of
-- the team's first reply in it. untracked_share compares these hours with the
-- team's ticket interruption hours of the same week (interruptions).
with replies as (
    select *
    from {{ ref('int_thread_replies') }}
    where not is_tracked
),

team_threads as (
    -- one row per thread and team: the team's first reply decides the week
    select
        source,
        channel,
        thread_ts,
        team,
        min(first_reply_at) as first_reply_at,
        any_value(asked_at) as asked_at,
        count(*) as engineers
    from replies
    group by source, channel, thread_ts, team
),

local_times as (
    select
        *,
        timezone({{ var('time_zone') }}, first_reply_at at time zone 'UTC') as first_reply_local,
        case when {{ var('week_start') }} = 'sunday' then 0 else 1 end as week_start_dow
    from team_threads
),

weekly_untracked as (
    select
        cast(first_reply_local as date)
            - cast((dayofweek(first_reply_local) + 7 - week_start_dow) % 7 as integer) as week_start,
        team,
        count(*) as threads,
        sum(engineers) as interruptions,
        quantile_cont((epoch(first_reply_at) - epoch(asked_at)) / 60.0, 0.5) as median_first_reply_minutes
    from local_times
    group by all
),

weekly_tracked as (
    select
        week_start,
        team,
        cast(sum(cast(total_hours as decimal(18, 6))) as double) as interruption_hours
    from {{ ref('interruptions') }}
    where team_class = 'engineering'
    group by week_start, team
),

team_weeks as (
    select
        week_start,
        team,
        coalesce(weekly_untracked.threads, 0) as threads,
        coalesce(weekly_untracked.interruptions, 0) as interruptions,
        weekly_untracked.median_first_reply_minutes,
        coalesce(weekly_tracked.interruption_hours, 0.0) as interruption_hours
    from weekly_untracked
    full join weekly_tracked using (week_start, team)
),

priced as (
    select
        team_weeks.*,
        interruptions * {{ var('thread_handle_minutes') }} / 60.0 as handle_hours,
        interruptions * {{ var('refocus_minutes') }} / 60.0 as refocus_hours,
        interruptions * {{ var('refocus_low_minutes') }} / 60.0 as refocus_low_hours,
        interruptions * {{ var('refocus_high_minutes') }} / 60.0 as refocus_high_hours,
        cast(coalesce(teams.hourly_cost, {{ var('default_hourly_cost') }}) as double) as hourly_cost
    from team_weeks
    left join dim_teams as teams on teams.name = team_weeks.team
)

select
    week_start,
    team,
    cast(threads as bigint) as threads,
    cast(interruptions as bigint) as interruptions,
    median_first_reply_minutes,
    cast(handle_hours as double) as handle_hours,
    cast(refocus_hours as double) as refocus_hours,
    cast(refocus_low_hours as double) as refocus_low_hours,
    cast(refocus_high_hours as double) as refocus_high_hours,
    cast(handle_hours + refocus_hours as double) as total_hours,
    hourly_cost,
    cast((handle_hours + refocus_hours) * hourly_cost as double) as cost,
    cast(interruption_hours as double) as interruption_hours,
    case when handle_hours + refocus_hours + interruption_hours > 0 then
        cast((handle_hours + refocus_hours) / (handle_hours + refocus_hours + interruption_hours) as double)
    end as untracked_share
from priced
order by week_start, team
