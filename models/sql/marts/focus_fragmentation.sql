-- How much unbroken focus time engineers keep. Working hours (work_start to
-- work_end on work days that are not holidays, dim_business_days) are cut into
-- blocks of focus_block_minutes from work_start (the last block of a day ends
-- at work_end and may be shorter). A block is clean when the engineer has no
-- cross-team touch in it: no touch of int_touches and no answer to someone
-- else's help-channel thread (int_thread_replies, tracked or not).
--
-- Engineers: people the `people` patterns put in an engineering team
-- (int_person_team), and people whose crossings count for an engineering team
-- (int_touches; the first such team by name). An engineer-day is a work day on
-- which the engineer did anything the data shows: a ticket event, a comment, a
-- ticket assigned to them reaching its first response (else its creation), a
-- help-channel message, a touch. A person is their person_key (int_people):
-- an engineer's events under the user name `sabine.vogt` and tickets
-- assigned to `Sabine Vogt` are one engineer's days and blocks.
with days as (
    select day, work_start_at, work_end_at, work_minutes
    from dim_business_days
    where is_work_day and work_minutes > 0
),

touches as (
    select person_key, touched_at, team, team_class
    from {{ ref('int_touches') }}
),

engineers as (
    select
        coalesce(mapped.person_key, touched.person_key) as person_key,
        coalesce(mapped.team, touched.team) as team
    from (
        select person_key, team
        from {{ ref('int_person_team') }}
        where team_class = 'engineering'
    ) as mapped
    full join (
        select person_key, min(team) as team
        from touches
        where team_class = 'engineering'
        group by person_key
    ) as touched using (person_key)
),

cross_team as (
    select person_key, touched_at as acted_at from touches
    union all
    select person_key, first_reply_at from {{ ref('int_thread_replies') }}
),

activity as (
    select people.person_key, acted_at
    from (
        select actor as name, event_at as acted_at
        from {{ ref('stg_ticket_events') }}
        where actor is not null
        union all
        select author, created_at
        from {{ ref('stg_comments') }}
        where author is not null
        union all
        select assignee, coalesce(first_response_at, created_at)
        from {{ ref('int_tickets') }}
        where assignee is not null
        union all
        select author, posted_at
        from {{ ref('stg_messages') }}
        where author is not null
    ) as named
    join {{ ref('int_people') }} as people using (name)
    union all
    select person_key, acted_at
    from cross_team
),

engineer_days as (
    select distinct
        engineers.person_key,
        engineers.team,
        cast(timezone({{ var('time_zone') }}, activity.acted_at at time zone 'UTC') as date) as day
    from activity
    join engineers using (person_key)
),

day_blocks as (
    select
        engineer_days.*,
        days.work_start_at,
        days.work_end_at,
        cast(ceil(days.work_minutes / {{ var('focus_block_minutes') }}) as bigint) as blocks
    from engineer_days
    join days using (day)
),

broken_blocks as (
    -- the distinct blocks of each engineer-day with a cross-team touch in them
    select
        day_blocks.person_key,
        day_blocks.day,
        count(distinct floor(
            (epoch(cross_team.acted_at) - epoch(day_blocks.work_start_at)) / ({{ var('focus_block_minutes') }} * 60)
        )) as broken
    from day_blocks
    join cross_team
        on cross_team.person_key = day_blocks.person_key
        and cross_team.acted_at >= day_blocks.work_start_at
        and cross_team.acted_at < day_blocks.work_end_at
    group by day_blocks.person_key, day_blocks.day
),

weekly as (
    select
        day_blocks.day - cast((dayofweek(day_blocks.day) + 7
            - case when {{ var('week_start') }} = 'sunday' then 0 else 1 end) % 7 as integer) as week_start,
        day_blocks.team,
        count(*) as engineer_days,
        sum(day_blocks.blocks) as blocks,
        sum(day_blocks.blocks - coalesce(broken_blocks.broken, 0)) as clean_blocks
    from day_blocks
    left join broken_blocks using (person_key, day)
    group by all
)

select
    week_start,
    team,
    cast(engineer_days as bigint) as engineer_days,
    cast(blocks as bigint) as blocks,
    cast(clean_blocks as bigint) as clean_blocks,
    cast(clean_blocks as double) / blocks as clean_share
from weekly
order by week_start, team
