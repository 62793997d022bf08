-- What to fix first: for every (tool, intent) pair with tickets, its volume
-- and the cross-team interruptions it causes (int_touches, int_interruptions),
-- and the interruption hours a week that would disappear if the pair were
-- fixed or automated: the handle time of its tickets in interruptions, plus
-- the refocus time of the interruptions that touched no other pair (an
-- interruption that also handled another pair's ticket still happens).
with tickets as (
    select source, source_key, tool, intent, week_start
    from {{ ref('int_tickets') }}
),

span as (
    -- calendar weeks spanned by all tickets, first and last week included
    select (max(week_start) - min(week_start)) // 7 + 1 as weeks
    from tickets
),

pairs as (
    select tool, intent, count(*) as tickets
    from tickets
    group by tool, intent
),

interruption_pairs as (
    -- the pairs each interruption touched, with the handle minutes of the
    -- pair's tickets in it
    select
        touches.person_key,
        touches.interruption_seq,
        tickets.tool,
        tickets.intent,
        cast(sum(cast(touches.handle_minutes as decimal(18, 6))) as double) as handle_minutes
    from {{ ref('int_touches') }} as touches
    join tickets using (source, source_key)
    group by touches.person_key, touches.interruption_seq, tickets.tool, tickets.intent
),

costed as (
    select
        interruption_pairs.tool,
        interruption_pairs.intent,
        interruption_pairs.handle_minutes,
        count(*) over (
            partition by interruption_pairs.person_key, interruption_pairs.interruption_seq
        ) = 1 as is_only_pair,
        interruptions.refocus_minutes,
        cast(coalesce(teams.hourly_cost, {{ var('default_hourly_cost') }}) as double) as hourly_cost
    from interruption_pairs
    join {{ ref('int_interruptions') }} as interruptions using (person_key, interruption_seq)
    left join dim_teams as teams on teams.name = interruptions.team
),

avoidable as (
    select
        *,
        (handle_minutes + case when is_only_pair then refocus_minutes else 0 end) / 60 as avoidable_hours
    from costed
),

per_pair as (
    select
        tool,
        intent,
        count(*) as interruptions,
        count(*) filter (where is_only_pair) as avoidable_interruptions,
        cast(sum(cast(avoidable_hours as decimal(18, 6))) as double) as avoidable_hours,
        cast(sum(cast(avoidable_hours * hourly_cost as decimal(18, 6))) as double) as avoidable_cost
    from avoidable
    group by tool, intent
),

measured as (
    select
        pairs.tool,
        pairs.intent,
        intents.class as intent_class,
        pairs.tickets,
        cast(pairs.tickets as double) / span.weeks as tickets_per_week,
        coalesce(per_pair.interruptions, 0) as interruptions,
        cast(coalesce(per_pair.interruptions, 0) as double) / span.weeks as interruptions_per_week,
        cast(coalesce(per_pair.avoidable_interruptions, 0) as double) / span.weeks as avoidable_interruptions_per_week,
        cast(coalesce(per_pair.avoidable_hours, 0) as double) / span.weeks as avoidable_hours_per_week,
        cast(coalesce(per_pair.avoidable_cost, 0) as double) / span.weeks as avoidable_cost_per_week
    from pairs
    cross join span
    left join per_pair using (tool, intent)
    left join dim_intents as intents on intents.name = pairs.intent
)

select
    cast(row_number() over (
        order by avoidable_hours_per_week desc, interruptions desc, tickets desc, tool, intent
    ) as integer) as rank,
    *
from measured
order by rank
