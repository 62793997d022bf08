-- Every name a person is written with (requesters, assignees, event actors,
-- comment and help-channel message authors, as the staging models trim
-- them) and the one person_key the models count that person by. Sources
-- write one person in different ways: ServiceNow's and Jira Server's
-- history give the actor's user name (`sabine.vogt`), the ticket its
-- assignee's or requester's display name (`Sabine Vogt`). person_key
-- (macros.sql) reduces both to `sabinevogt`, and an e-mail address to
-- itself in lower case.
--
-- A name with ä, ö or ü has two keys: the umlaut as the bare vowel
-- (`Jürgen Müller`: jurgenmuller) or as a German user name spells it
-- (juergenmueller). Its person_key is the German one, unless some name
-- without umlauts has the other key and none has the German one: then the
-- data writes the person's user name without the e (`jurgen.muller`, as a
-- Swedish or Turkish name would be), and the name takes that key. When both
-- user names are in the data, they stay two people.
--
-- Keys are worked out once per distinct name, not per ticket or event.
with names as (
    select distinct name
    from (
        select requester as name from {{ ref('stg_tickets') }}
        union all
        select assignee from {{ ref('stg_tickets') }}
        union all
        select actor from {{ ref('stg_ticket_events') }}
        union all
        select author from {{ ref('stg_comments') }}
        union all
        -- read from the canonical table, cleaned as stg_messages cleans it:
        -- only the author is needed, not the ticket keys stg_messages looks for
        select nullif(trim(regexp_replace(author, '\s+', ' ', 'g')), '') from messages
    )
    where name is not null
),

keys as (
    select name, person_key(name, false) as plain_key, person_key(name, true) as german_key
    from names
),

-- the keys of the names without umlauts (both keys are the same)
plain_names as (
    select distinct plain_key as key
    from keys
    where plain_key = german_key
)

select
    keys.name,
    case
        when keys.plain_key <> keys.german_key
            and keys.plain_key in (select key from plain_names)
            and keys.german_key not in (select key from plain_names)
            then keys.plain_key
        else keys.german_key
    end as person_key
from keys
order by keys.name
