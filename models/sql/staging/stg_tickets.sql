-- The canonical tickets that are not deleted, cleaned so that later models
-- need no null or whitespace handling: text trimmed (runs of whitespace in
-- one-line fields collapsed to one space, empty text null), codes
-- lower-cased, label and component lists without empty entries, the
-- reassignment count 0 when the source has none. The reopen count stays null
-- when the source has none: int_tickets then counts the ticket's reopen
-- events, which may come from another file. A requester, assignee,
-- assignment group or requester team that is exactly the id of an entry of
-- the source's directory (a person, a group, an organization) becomes the
-- entry's name, whether the directory was loaded before or after the
-- ticket; other values stay as they are.
with source_tickets as (
    select *
    from tickets
    where not is_deleted
),

names as (
    select source, kind, id, nullif(trim(regexp_replace(name, '\s+', ' ', 'g')), '') as name
    from directory
),

cleaned as (
    select
        source,
        source_key,
        nullif(trim(regexp_replace(title, '\s+', ' ', 'g')), '') as title,
        -- privacy_exclude_descriptions: no model downstream sees the free text
        case when not cast({{ var('privacy_exclude_descriptions') }} as boolean) then
            nullif(regexp_replace(description, '^\s+|\s+$', '', 'g'), '')
        end as description,
        nullif(lower(trim(kind)), '') as kind,
        status_raw,
        lower(trim(status)) as status,
        priority_raw,
        nullif(lower(trim(priority)), '') as priority,
        created_at,
        first_response_at,
        resolved_at,
        closed_at,
        updated_at,
        nullif(trim(regexp_replace(requester, '\s+', ' ', 'g')), '') as requester,
        nullif(trim(regexp_replace(requester_team, '\s+', ' ', 'g')), '') as requester_team,
        nullif(trim(regexp_replace(assignee, '\s+', ' ', 'g')), '') as assignee,
        nullif(trim(regexp_replace(assignment_group, '\s+', ' ', 'g')), '') as assignment_group,
        nullif(trim(regexp_replace(category, '\s+', ' ', 'g')), '') as category,
        [trim(regexp_replace(x, '\s+', ' ', 'g')) for x in coalesce(labels, []::varchar[])
            if nullif(trim(regexp_replace(x, '\s+', ' ', 'g')), '') is not null] as labels,
        [trim(regexp_replace(x, '\s+', ' ', 'g')) for x in coalesce(components, []::varchar[])
            if nullif(trim(regexp_replace(x, '\s+', ' ', 'g')), '') is not null] as components,
        nullif(lower(trim(channel)), '') as channel,
        reopen_count,
        coalesce(reassignment_count, 0) as reassignment_count,
        handle_minutes as logged_handle_minutes,
        is_sla_breached,
        nullif(trim(url), '') as url
    from source_tickets
),

named as (
    select
        c.* replace (
            coalesce(requester.name, c.requester) as requester,
            coalesce(team.name, c.requester_team) as requester_team,
            coalesce(assignee.name, c.assignee) as assignee,
            coalesce(grp.name, c.assignment_group) as assignment_group
        )
    from cleaned c
    left join names requester
        on requester.source = c.source and requester.kind = 'person' and requester.id = c.requester
    left join names team
        on team.source = c.source and team.kind = 'organization' and team.id = c.requester_team
    left join names assignee
        on assignee.source = c.source and assignee.kind = 'person' and assignee.id = c.assignee
    left join names grp
        on grp.source = c.source and grp.kind = 'group' and grp.id = c.assignment_group
)

select *
from named
order by source, source_key
