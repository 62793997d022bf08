-- Every name a person is written with (requesters, assignees, event actors,
-- the assignees of assignee events, comment and help-channel message
-- authors, as the staging models trim them) and the one person_key the
-- models count that person by. Sources write one person in different ways:
-- ServiceNow's and Jira Server's history give the actor's user name
-- (`sabine.vogt`), the ticket its assignee's or requester's display name
-- (`Sabine Vogt`). person_key (macros.sql) reduces both to `sabinevogt`,
-- and an e-mail address to itself in lower case.
--
-- A name with ä, ö or ü has two keys: the umlaut as the bare vowel
-- (`Jürgen Müller`: jurgenmuller) or as a German user name spells it
-- (juergenmueller), and, with two umlauts or more, the keys that spell
-- some of them one way and the rest the other (jurgenmueller,
-- juergenmuller). All are evidence, so such a name links its keys,
-- and the names whose keys are linked, directly or through other such
-- names, are one person: `Jürgen Müller`, `juergen.mueller` and
-- `jurgen.muller` (either key), and `Jürgen Muller` or `Jurgen Müller`,
-- which lost some of the dots (their bare key is his). Without a name with
-- umlauts in the data, `juergen.mueller` and `jurgen.muller` stay two
-- people: nothing says they are one. Two people whose names differ only
-- in their umlauts (`Jörg Bär` and `Jörg Bar`) are one: the data cannot
-- tell them from one name typed two ways, which is far more common.
--
-- The person's key is one of their names' keys, so that it and the
-- pseudonym made from it stay what they were before names joined the
-- person: the key of a name without umlauts that is a German spelling
-- (`juergen.mueller`), else of any name without umlauts (`asa.oberg` for
-- `Åsa Öberg`, as a Swedish or Turkish user name is written), else the
-- German key of a name with umlauts; of several, the first in byte order.
--
-- Keys are worked out once per distinct name, not per ticket or event: per
-- row, a model took ten times as long over 3 million status events.
with recursive names as (
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

-- each name with umlauts spelled every way its umlauts can be typed: each
-- one as the bare vowel or as ae, oe, ue, independently (`Gül Öz`: guloz,
-- gueloz, guloez, gueloez), so that a user name that spelled one umlaut the
-- German way and not the other (`gul.oez`, `guel.oz`) is linked too. A name
-- with more than four umlauts has only its two keys (all bare, all German).
spellings as (
    select name, plain_key, german_key,
        regexp_extract_all(nfc_normalize(name), '[äöüÄÖÜ]') as u,
        string_split_regex(nfc_normalize(name), '[äöüÄÖÜ]') as parts
    from keys
    where plain_key <> german_key
),

variants as (
    select plain_key, german_key as key
    from spellings
    union
    select s.plain_key, person_key(s.parts[1] || array_to_string(list_transform(range(len(s.u)),
            i -> case when (m.m >> i) & 1 = 1 then
                    case lower(s.u[i + 1]) when 'ä' then 'ae' when 'ö' then 'oe' else 'ue' end
                else s.u[i + 1] end || s.parts[i + 2]), ''), false)
    from spellings as s
    join range(16) as m(m) on m.m < (1 << len(s.u))
    where len(s.u) between 1 and 4
),

-- each name's spellings linked with its bare key, both ways
links as (
    select plain_key as a, key as b
    from variants
    where plain_key <> key
    union
    select key, plain_key
    from variants
    where plain_key <> key
),

-- every key linked to each linked key, through any number of names (a
-- person has a few: UNION stops when a round adds none)
reach(key, other) as (
    select a, a from links
    union
    select reach.key, links.b
    from reach
    join links on links.a = reach.other
),

-- each linked key's person: the smallest key it reaches
person as (
    select key, min(other) as person
    from reach
    group by key
),

-- each person's person_key, from their names' keys (above)
people as (
    select
        person.person,
        coalesce(
            min(keys.plain_key) filter (where keys.plain_key = keys.german_key and keys.plain_key in (
                select u.german_key from keys as u where u.plain_key <> u.german_key)),
            min(keys.plain_key) filter (where keys.plain_key = keys.german_key),
            min(keys.german_key)) as person_key
    from keys
    join person on person.key = keys.plain_key
    group by person.person
)

select
    keys.name,
    coalesce(people.person_key, keys.plain_key) as person_key
from keys
-- a name's plain key is linked when any key of it is (a name with umlauts
-- links it; one without has its one key)
left join person on person.key = keys.plain_key
left join people on people.person = person.person
order by keys.name
