-- One row per interruption: a run of one person's touches (int_touches) with
-- no gap longer than merge_window_minutes. The interruption belongs to the
-- team and direction of its first touch and to the reporting week of its
-- start (calendar time zone and week start, as in int_tickets). It costs the
-- handle time of the tickets the person first touched in it plus
-- refocus_minutes (with the refocus_low_minutes..refocus_high_minutes band).
with touches as (
    select *
    from {{ ref('int_touches') }}
),

interruptions as (
    select
        person_key,
        interruption_seq,
        min(touched_at) as started_at,
        max(touched_at) as ended_at,
        any_value(team) filter (where is_interruption_start) as team,
        any_value(team_class) filter (where is_interruption_start) as team_class,
        any_value(direction) filter (where is_interruption_start) as direction,
        count(*) as touches,
        count(distinct (source, source_key)) as tickets,
        sum(handle_minutes) as handle_minutes
    from touches
    group by person_key, interruption_seq
),

local_times as (
    select
        *,
        timezone({{ var('time_zone') }}, started_at at time zone 'UTC') as started_local,
        case when {{ var('week_start') }} = 'sunday' then 0 else 1 end as week_start_dow
    from interruptions
)

select
    person_key,
    'person-' || left(sha256(person_key), 8) as person,
    interruption_seq,
    started_at,
    ended_at,
    cast(started_local as date)
        - cast((dayofweek(started_local) + 7 - week_start_dow) % 7 as integer) as week_start,
    team,
    team_class,
    direction,
    touches,
    tickets,
    cast(handle_minutes as double) as handle_minutes,
    cast({{ var('refocus_minutes') }} as double) as refocus_minutes,
    cast({{ var('refocus_low_minutes') }} as double) as refocus_low_minutes,
    cast({{ var('refocus_high_minutes') }} as double) as refocus_high_minutes
from local_times
order by person_key, interruption_seq
