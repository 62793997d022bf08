-- One row per interruption: a run of one person's touches (int_touches) with
-- no gap longer than merge_window_minutes. The interruption belongs to the
-- team and direction of its first touch and to the reporting week of its
-- start (calendar time zone and week start, as in int_tickets). It costs the
-- handle time of the tickets the person first touched in it plus
-- refocus_minutes (with the refocus_low_minutes..refocus_high_minutes band).
-- It is after hours when it starts outside the working hours of a working
-- day (dim_business_days: work days that are not holidays, work_start to
-- work_end local time).
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
        cast(sum(cast(handle_minutes as decimal(18, 6))) as double) as handle_minutes
    from touches
    group by person_key, interruption_seq
),

people as (
    -- one pseudonym per person, from the person_key (int_people), so the
    -- user name `sabine.vogt` and the display name `Sabine Vogt` get the
    -- same one. The name shown instead (privacy_show_names) is a display
    -- name when the person has one: a name with a space and no comma
    -- (`Sabine Vogt`, not `sabine.vogt` or `Vogt, Sabine`); among those, or
    -- when there is none, the first spelling in byte order ("Sam" before "sam").
    select
        person_key,
        case when cast({{ var('privacy_show_names') }} as boolean) then
            coalesce(
                min(person_name) filter (where contains(person_name, ' ') and not contains(person_name, ',')),
                min(person_name))
            else lanes_pseudonym(person_key)
        end as person
    from touches
    group by person_key
),

local_times as (
    select
        *,
        timezone({{ var('time_zone') }}, started_at at time zone 'UTC') as started_local,
        case when {{ var('week_start') }} = 'sunday' then 0 else 1 end as week_start_dow
    from interruptions
)

select
    local_times.person_key,
    people.person,
    local_times.interruption_seq,
    local_times.started_at,
    local_times.ended_at,
    cast(local_times.started_local as date)
        - cast((dayofweek(local_times.started_local) + 7 - local_times.week_start_dow) % 7 as integer) as week_start,
    local_times.team,
    local_times.team_class,
    local_times.direction,
    local_times.touches,
    local_times.tickets,
    cast(local_times.handle_minutes as double) as handle_minutes,
    cast({{ var('refocus_minutes') }} as double) as refocus_minutes,
    cast({{ var('refocus_low_minutes') }} as double) as refocus_low_minutes,
    cast({{ var('refocus_high_minutes') }} as double) as refocus_high_minutes,
    -- null only if the day is missing from dim_business_days
    case when days.day is not null then
        not (days.is_work_day
            and local_times.started_at >= days.work_start_at
            and local_times.started_at < days.work_end_at)
    end as is_after_hours
from local_times
join people using (person_key)
left join dim_business_days as days on days.day = cast(local_times.started_local as date)
order by local_times.person_key, local_times.interruption_seq
