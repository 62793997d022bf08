-- Macros the models share. The build creates them on its connection before
-- the first model (build.go); they last as long as that connection.
-- `lanes sql` creates them on each of its connections too (Macros), so an
-- analyst can use the same rules; being temporary, they write nothing to
-- the warehouse file.

-- person_letters(s, german): s in lower case with its accents dropped
-- (`José` is `jose`); ß is ss, and ł, ø, đ, ı, æ, œ are l, o, d, i, ae, oe,
-- since user names are written in ASCII. With german true, ä, ö and ü are
-- first written ae, oe and ue, as a German user name spells them (`Jürgen`
-- is `juergen`; without, `jurgen`). Accents are dropped only from a name
-- whose letters are all Latin: in other scripts the marks are part of the
-- letters (Devanagari vowel signs, the kana voicing marks, Thai vowels,
-- the Cyrillic Й), and dropping them made different people one
-- (`राम`/`रमा`, `カトウ`/`ガトウ`).
create or replace temp macro person_letters(s, german) as
    case when regexp_matches(s, '[^\p{Latin}\P{L}]') then lower(s)
    else strip_accents(translate(replace(replace(replace(
        case when german
            then replace(replace(replace(lower(s), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue')
            else lower(s)
        end,
        'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'łøđı', 'lodi')) end;

-- person_name(name): the part of a name that names the person. A mail
-- export writes a display name and an address, `Ann Lee <ann.lee@corp.com>`
-- or `"Lee, Ann" <ann.lee@corp.com>`: the display name, without its quotes,
-- is the part the other sources write too (a ticket's requester or
-- assignee `Ann Lee`, a user name `ann.lee`), while the address alone is
-- kept whole (below) and would match only the same address. So the display
-- name wins; with none (`<ann.lee@corp.com>`, `"" <...>`) the address does.
-- Any other name is itself.
create or replace temp macro person_name(name) as
    case when regexp_matches(name, '^[^<>]*<[^<>@\s]+@[^<>\s]+>\s*$')
        then coalesce(
            nullif(regexp_replace(regexp_extract(name, '^([^<>]*)<', 1), '^[\s"'']+|[\s"'']+$', '', 'g'), ''),
            regexp_extract(name, '<([^<>]+)>', 1))
        else name
    end;

-- person_titles_dropped(s): s without the titles written before a name,
-- so that `Dr. J. Smith` is `J. Smith`, not a first name `Dr` with the
-- middle initial `J.` (which made him `Dr. K. Smith` too), and `Dr. Ann
-- Lee` is `Ann Lee`: Dr, Dra, Prof, Mr, Mrs, Ms, Mx, Miss, Sir, Dame,
-- Herr, Frau, Sr, Sra, Srta, Doña, Mme and Mlle, in any case, with or
-- without a dot, each followed by a space and one after another (`Prof.
-- Dr. Hans Müller`), at the start of the name or of the part after a
-- comma (`Müller, Dr. Hans`, as a directory writes it). A title is a word
-- of its own: `Drew Smith`, `Mrsic` and the user name `dr.smith` (d. r.
-- Smith as much as Dr. Smith) keep their letters, and a name that is only
-- titles keeps its last one (`Dr.` is `dr`). `Don` and `M.` are not
-- dropped though Spanish and French write them as titles: Don is a first
-- name (`Don Smith` would have lost his), and M. an initial (`M. Smith`
-- would have been `Smith`). Also dropped: a degree written after the name,
-- `PhD` (`Ph.D.`) or `Esq`, after a space or a comma (`Ann Lee, PhD` is
-- Ann Lee, not `PhD Ann Lee` turned round at its comma). Not dropped: Jr,
-- Sr, II, III and the like, which tell a son from his father (`John Smith
-- Jr.` and `John Smith Sr.` are two people), nor MD, which is also
-- Bangladesh's short Muhammad (`Rahman, Md`).
create or replace temp macro person_titles_dropped(s) as
    regexp_replace(s, '(?i)(^|,)\s*(?:(?:dr|dra|prof|mr|mrs|ms|mx|miss|sir|dame|herr|frau|sr|sra|srta|doña|mme|mlle)\.?\s+)+(\S)|(?:[\s,]+(?:ph\.?d|esq)\.?)+\s*$', '\1\2', 'g');

-- person_initials_dropped(s): s without the middle initials of a name: a
-- single Latin letter followed by a dot, a space, or the underscore or
-- hyphen of a user name, between a part of two or more letters before it
-- (the given name) and one after it (the surname): `Ann A. Lee`, `Ann A
-- Lee`, the user names `ann.a.lee`, `ann_a_lee` and `ann-a-lee`, and with
-- two initials `Ann A. B. Lee`, are `Ann Lee` and not `Anna Lee`, which the
-- letters run together would make them. When the first part is itself an
-- initial (`J. R. Smith`, `J. T. Smith`, the user names `j.r.smith` and
-- `a.b.c`), the letters after it are what tell people apart, and they
-- stay; so do initials with no part of two letters after them, as a name
-- written surname first has them (`Smith J. A.` and `Smith K. A.` are two
-- people; `Lee A.`, `Ann L.`, `ann.a`), and the one-character parts of
-- names in other scripts (`王 伟`): only Latin letters are initials.
create or replace temp macro person_initials_dropped(s) as
    regexp_replace(s, '([^\s._-]{2})[\s._-]+(?:\p{Latin}[\s._-]+)+([^\s._-]{2})', '\1 \2', 'g');

-- person_turned(s): a directory's `Lee, Ann`, a name with one comma, turned
-- round: the part after the comma first (` Ann Lee`). A name with no comma,
-- or with two (`Lee, Ann, Ross`), is itself. A generation after a last
-- comma (`, Jr.`, `, Sr.`, `, II`, `, III`, `, IV`) is set aside first and
-- written after the name, so `John Smith, Jr.`, `Smith, John, Jr.` and
-- `John Smith Jr.` are one person (`johnsmithjr`), and not `Jr. John Smith`
-- turned round at the comma before the generation.
create or replace temp macro person_turned_once(s) as
    regexp_replace(s, '^([^,]*),([^,]*)$', '\2 \1');

create or replace temp macro person_turned(s) as
    case when regexp_matches(s, '(?i),\s*(?:jr|sr|ii|iii|iv)\.?\s*$')
        then person_turned_once(regexp_replace(s, '(?i),\s*(jr|sr|ii|iii|iv)\.?\s*$', ''))
            || ' ' || regexp_extract(s, '(?i),\s*(jr|sr|ii|iii|iv)\.?\s*$', 1)
        else person_turned_once(s)
    end;

-- person_key(name, german): what is left of a person's name to compare
-- with another: its letters (with the marks of a script other than Latin)
-- and digits only, after person_letters, so
-- that a user name (`ann.lee`, `ann_lee`, `ANN-LEE`), a display name
-- (`Ann Lee`, or with its address `Ann Lee <ann.lee@corp.com>`: person_name)
-- and a directory's `Lee, Ann` (one comma: the part after it
-- goes first: person_turned) all give `annlee`; `Anna Lee` gives
-- `annalee`, `Dr. Ann Lee` `annlee` (person_titles_dropped, before the
-- turn, so that `Lee, Dr. Ann` and `Ann Lee, PhD` are Ann Lee too), and
-- `Ann A. Lee` `annlee` (person_initials_dropped, after the turn, so that
-- `Lee, Ann A.` is too). An e-mail address is kept whole,
-- in lower case: the same local part in two domains
-- may be two people. A name with no letter or digit is kept in lower case.
-- person_key_of does the work, on the part person_name picks.
create or replace temp macro person_key_of(name, german) as
    case
        when contains(name, '@') then lower(trim(name))
        else coalesce(nullif(regexp_replace(person_letters(person_initials_dropped(
                person_turned(person_titles_dropped(name))), german), '[^\p{L}\p{M}\p{N}]', '', 'g'), ''),
            lower(trim(name)))
    end;

-- The name is composed first (Unicode NFC): a name typed or exported with
-- its accents as separate marks (u and a combining diaeresis) is the same
-- name as with ü, and takes the same German spelling.
create or replace temp macro person_key(name, german) as
    person_key_of(person_name(nfc_normalize(name)), german);
