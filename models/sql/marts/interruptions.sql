-- Interruptions that cross the IT / engineering line, per reporting week,
-- team and direction, in hours and money. handle_hours is hands-on time
-- (each ticket counted once per person), refocus_hours is refocus_minutes per
-- interruption (the low and high columns use the band instead), and cost is
-- total_hours times the team's hourly cost (default_hourly_cost when the
-- team has none).
--
-- Who and when: after_hours_share is the share of the interruptions that
-- started outside working hours (int_interruptions.is_after_hours);
-- people_interrupted, top_person_share and gini describe how the
-- interruptions spread over the people who had at least one. With x_1 <= ...
-- <= x_n the interruptions of those n people, gini = 2 x sum(i x x_i) /
-- (n x sum(x_i)) - (n + 1) / n: 0 when everyone has the same number, near 1
-- when one person has them all.
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
        cast(sum(cast(handle_minutes as decimal(18, 6))) as double) / 60 as handle_hours,
        cast(sum(cast(refocus_minutes as decimal(18, 6))) as double) / 60 as refocus_hours,
        cast(sum(cast(refocus_low_minutes as decimal(18, 6))) as double) / 60 as refocus_low_hours,
        cast(sum(cast(refocus_high_minutes as decimal(18, 6))) as double) / 60 as refocus_high_hours,
        count(*) filter (where is_after_hours) as after_hours_interruptions
    from interruptions
    group by week_start, team, direction
),

per_person as (
    select
        week_start,
        team,
        direction,
        person_key,
        count(*) as person_interruptions
    from interruptions
    group by week_start, team, direction, person_key
),

ranked as (
    -- i: the person's rank from the fewest interruptions up
    select
        *,
        row_number() over (
            partition by week_start, team, direction
            order by person_interruptions, person_key
        ) as i
    from per_person
),

concentration as (
    select
        week_start,
        team,
        direction,
        count(*) as people_interrupted,
        cast(max(person_interruptions) as double) / sum(person_interruptions) as top_person_share,
        2.0 * sum(i * person_interruptions) / (count(*) * sum(person_interruptions))
            - (count(*) + 1.0) / count(*) as gini
    from ranked
    group by week_start, team, direction
),

priced as (
    select
        weekly.*,
        touched_tickets.tickets,
        concentration.people_interrupted,
        concentration.top_person_share,
        concentration.gini,
        weekly.handle_hours + weekly.refocus_hours as total_hours,
        cast(coalesce(teams.hourly_cost, {{ var('default_hourly_cost') }}) as double) as hourly_cost
    from weekly
    join touched_tickets using (week_start, team, direction)
    join concentration using (week_start, team, direction)
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
    total_hours * hourly_cost as cost,
    after_hours_interruptions,
    cast(after_hours_interruptions as double) / interruptions as after_hours_share,
    people_interrupted,
    top_person_share,
    -- exactly 0 for one person; rounding can leave -1e-16 otherwise
    greatest(gini, 0.0) as gini
from priced
order by week_start, team, direction
