-- Every name a person is written with (requesters, assignees, event actors,
-- the assignees of assignee events, comment and help-channel message
-- authors, as the staging models trim them) and the one person_key the models count that person by. Sources
-- write one person in different ways: ServiceNow's and Jira Server's
-- history give the actor's user name (`sabine.vogt`), the ticket its
-- assignee's or requester's display name (`Sabine Vogt`). person_key
-- (macros.sql) reduces both to `sabinevogt`, and an e-mail address to
-- itself in lower case.
--
-- A name with ä, ö or ü has two keys: the umlaut as the bare vowel
-- (`Jürgen Müller`: jurgenmuller) or as a German user name spells it
-- (juergenmueller). Both are evidence: a name without umlauts whose key is
-- either one (`juergen.mueller`, `jurgen.muller`) is the same person, so
-- all three are one. The names with umlauts are one person per German key
-- (`Jürgen Müller`, `Müller, Jürgen`). Without a name with umlauts in the
-- data, `juergen.mueller` and `jurgen.muller` stay two people: nothing says
-- they are one.
--
-- Two people with umlauts may claim one key: `Jürgen Müller` and `Jürgen
-- Muller` both write jurgenmuller without the dots. A name whose key is the
-- German spelling of one of them goes with that one (a German user name is
-- written from the umlauts, the bare vowel may have lost them); else with
-- the one whose German key comes first in byte order (juergenmueller before
-- juergenmuller), a choice the data cannot make, made the same every build.
--
-- The person's key is the German one, unless the names without umlauts
-- that are theirs are written only without the e (`asa.oberg` for `Åsa
-- Öberg`, as a Swedish or Turkish user name is): then it is that key (the
-- first in byte order if there are several). Who is one person does not
-- depend on it; it keeps the key the user name is written with, which was
-- that person's key before names without umlauts joined the person, so
-- that their person_key and the pseudonym from it stay what they were.
--
-- Keys are worked out once per distinct name, not per ticket or event: per
-- row, a model took ten times as long over 3 million status events.
with names as (
    select distinct name
    from (
        select requester as name from {{ ref('stg_tickets') }}
        union all
        select assignee from {{ ref('stg_tickets') }}
        union all
        select actor from {{ ref('stg_ticket_events') }}
        union all
        -- assignees in the history, trimmed as int_ticket_team_path reads them
        select nullif(trim(from_value), '') from {{ ref('stg_ticket_events') }} where kind = 'assignee'
        union all
        select nullif(trim(to_value), '') from {{ ref('stg_ticket_events') }} where kind = 'assignee'
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
),

-- the two keys of each name with umlauts, with the person (its German key)
spellings as (
    select german_key as key, german_key as person, true as is_german
    from keys
    where plain_key <> german_key
    union
    select plain_key, german_key, false
    from keys
    where plain_key <> german_key
),

-- each key of names without umlauts that is a spelling of a name with
-- umlauts, with the person it belongs to: the one it spells in German, else
-- the first German key in byte order (equality joins only: a condition
-- with `or` would compare every name with every name with umlauts)
claimed as (
    select plain_names.key, spellings.person
    from plain_names
    join spellings using (key)
    qualify row_number() over (partition by plain_names.key order by spellings.is_german desc, spellings.person) = 1
),

-- the person_key of each person with umlauts whom names without umlauts
-- belong to
people as (
    select
        person,
        case when bool_or(key = person) then person else min(key) end as person_key
    from claimed
    group by person
)

select
    keys.name,
    case
        when keys.plain_key <> keys.german_key then coalesce(umlaut_people.person_key, keys.german_key)
        else coalesce(plain_people.person_key, keys.plain_key)
    end as person_key
from keys
-- equality joins only (a condition on keys alone made them nested loops);
-- the case above takes the one that applies
left join people as umlaut_people on umlaut_people.person = keys.german_key
left join claimed on claimed.key = keys.plain_key
left join people as plain_people on plain_people.person = claimed.person
order by keys.name
