-- Interruptions that cross the IT / engineering line, per reporting week,
-- team and direction, in hours and money. handle_hours is hands-on time
-- (each ticket counted once per person), refocus_hours is refocus_minutes per
-- interruption (the low and high columns use the band instead), and cost is
-- total_hours times the team's hourly cost (default_hourly_cost when the
-- team has none).
with interruptions as (
    select *
    from {{ ref('int_interruptions') }}
),

touched_tickets as (
    select
        interruptions.week_start,
        interruptions.team,
        interruptions.direction,
        count(distinct (touches.source, touches.source_key)) as tickets
    from interruptions
    join {{ ref('int_touches') }} as touches
        on touches.person_key = interruptions.person_key
        and touches.interruption_seq = interruptions.interruption_seq
    group by interruptions.week_start, interruptions.team, interruptions.direction
),

weekly as (
    select
        week_start,
        team,
        any_value(team_class) as team_class,
        direction,
        count(*) as interruptions,
        sum(handle_minutes) / 60 as handle_hours,
        sum(refocus_minutes) / 60 as refocus_hours,
        sum(refocus_low_minutes) / 60 as refocus_low_hours,
        sum(refocus_high_minutes) / 60 as refocus_high_hours
    from interruptions
    group by week_start, team, direction
),

priced as (
    select
        weekly.*,
        touched_tickets.tickets,
        weekly.handle_hours + weekly.refocus_hours as total_hours,
        cast(coalesce(teams.hourly_cost, {{ var('default_hourly_cost') }}) as double) as hourly_cost
    from weekly
    join touched_tickets using (week_start, team, direction)
    left join dim_teams as teams on teams.name = weekly.team
)

select
    week_start,
    team,
    team_class,
    direction,
    interruptions,
    tickets,
    handle_hours,
    refocus_hours,
    refocus_low_hours,
    refocus_high_hours,
    total_hours,
    hourly_cost,
    total_hours * hourly_cost as cost
from priced
order by week_start, team, direction
