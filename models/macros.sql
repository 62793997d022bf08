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

-- person_degrees_dropped(s): s without a degree written after the name,
-- `PhD` (`Ph.D.`) or `Esq`, after a space or a comma, in any case: `Ann
-- Lee, PhD` is Ann Lee, not `PhD Ann Lee` turned round at its comma.
create or replace temp macro person_degrees_dropped(s) as
    regexp_replace(s, '(?i)(?:[\s,]+(?:ph\.?\s?d|esq)\.?)+\s*$', '');

-- person_generation(s): the generation written last, after a comma or a
-- space: `Jr`, `Sr`, `Jnr`, `Snr` (so written, or in any case with a dot:
-- `JR.`), `II` or `III`. It tells a son from his father, so it stays in
-- the key, but it is set aside while the rest of the name is read and
-- written last (person_key_of): `John Smith, Jr.`, `Smith, John, Jr.`,
-- `Smith, John Jr.` and `John Smith Jr.` are all `johnsmithjr`, not
-- `Jr. John Smith` turned round at the comma, and the initials of `Smith
-- J. A. Jr.` are not dropped as if `Jr` were a surname. `JR` and `SR`
-- without a dot are initials (`Smith, JR` is `JR Smith`), and `IV` too.
create or replace temp macro person_generation(s) as
    regexp_extract(s, '(?:,\s*|\s+)([JS]n?r\.?|(?i:[js]n?r)\.|III|II)\s*$', 1);

create or replace temp macro person_ungenerated(s) as
    regexp_replace(s, '(?:,\s*|\s+)([JS]n?r\.?|(?i:[js]n?r)\.|III|II)\s*$', '');

-- person_titles_dropped(s): a name turned round (person_turned) without
-- the titles written before it: Dr, Dra, Prof, Mr, Mrs, Ms, Mx, Miss, Sir,
-- Herr, Frau, Sr, Sra, Srta, Doña, Mme and Mlle, so written or in any case
-- with a dot (`DR.`), each followed by a space or a dot, one after another
-- (`Prof. Dr. Hans Müller`). Upper-case letters without a dot are
-- initials, not titles: `MS Dhoni` and `MR Krishnan` keep them, as `M.S.
-- Dhoni` and `ms.dhoni` do. What follows the titles decides:
--   - a given name of two letters or more and a surname: the titles drop,
--     so `Dr. Ann Lee` (and `Lee, Dr. Ann`) is `Ann Lee`;
--   - an initial: the titles go after the name, so that the initial rule
--     (person_initials_dropped) does not read a title as a given name:
--     `Dr. J. Smith` is `J. Smith Dr.` (`jsmithdr`), not `Dr. K. Smith`,
--     and `Mr J Smith` is not `Mrs J Smith`;
--   - a surname alone: the title stays where it is, since it is what tells
--     `Herr Müller` from `Frau Müller` and `Mr. Smith` from `Mrs. Smith`.
-- A title is a word of its own: `Drew Smith`, `Mrsic` and the user name
-- `dr.smith` keep their letters, and a name of titles only keeps them.
-- `Don`, `Dame` and `M.` are not titles here: Don and Dame are also first
-- names (`Don Smith`, `Dame Diop`), and M. an initial.
create or replace temp macro person_titles_dropped(s) as
    regexp_replace(
        regexp_replace(s, '^\s*(?:(?:(?:Dr|Dra|Prof|Mr|Mrs|Ms|Mx|Miss|Sir|Herr|Frau|Sr|Sra|Srta|Doña|Mme|Mlle|(?i:dr|dra|prof|mr|mrs|ms|mx|miss|sir|herr|frau|sr|sra|srta|doña|mme|mlle))\.\s*|(?:Dr|Dra|Prof|Mr|Mrs|Ms|Mx|Miss|Sir|Herr|Frau|Sr|Sra|Srta|Doña|Mme|Mlle)\s+))+([^\s,.]{2,}[\s.]+[^\s.,])', '\1'),
        '^\s*((?:(?:(?:Dr|Dra|Prof|Mr|Mrs|Ms|Mx|Miss|Sir|Herr|Frau|Sr|Sra|Srta|Doña|Mme|Mlle|(?i:dr|dra|prof|mr|mrs|ms|mx|miss|sir|herr|frau|sr|sra|srta|doña|mme|mlle))\.\s*|(?:Dr|Dra|Prof|Mr|Mrs|Ms|Mx|Miss|Sir|Herr|Frau|Sr|Sra|Srta|Doña|Mme|Mlle)\s+))+)(\p{Latin}(?:[\s.].*)?)$', '\2 \1');

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
-- or with two (`Lee, Ann, Ross`), is itself.
create or replace temp macro person_turned(s) as
    regexp_replace(s, '^([^,]*),([^,]*)$', '\2 \1');

-- person_key(name, german): what is left of a person's name to compare
-- with another: its letters (with the marks of a script other than Latin)
-- and digits only, after person_letters, so
-- that a user name (`ann.lee`, `ann_lee`, `ANN-LEE`), a display name
-- (`Ann Lee`, or with its address `Ann Lee <ann.lee@corp.com>`: person_name)
-- and a directory's `Lee, Ann` (one comma: the part after it
-- goes first: person_turned) all give `annlee`; `Anna Lee` gives
-- `annalee`. In order: a degree after the name drops
-- (person_degrees_dropped) and a generation is set aside
-- (person_generation), the name is turned round at its comma, titles
-- before it drop or move (person_titles_dropped, so that `Lee, Dr. Ann`
-- is `Ann Lee`), middle initials drop (person_initials_dropped: `Ann A.
-- Lee` and `Lee, Ann A.` are `annlee`), and the generation comes last. An e-mail address is kept whole,
-- in lower case: the same local part in two domains
-- may be two people. A name with no letter or digit is kept in lower case.
-- person_key_of does the work, on the part person_name picks.
create or replace temp macro person_key_of(name, german) as
    case
        when contains(name, '@') then lower(trim(name))
        else coalesce(nullif(regexp_replace(person_letters(person_initials_dropped(person_titles_dropped(
                person_turned(person_ungenerated(person_degrees_dropped(name))))) || ' '
                || person_generation(person_degrees_dropped(name)), german), '[^\p{L}\p{M}\p{N}]', '', 'g'), ''),
            lower(trim(name)))
    end;

-- The name is composed first (Unicode NFC): a name typed or exported with
-- its accents as separate marks (u and a combining diaeresis) is the same
-- name as with ü, and takes the same German spelling. Every space (the
-- no-break space of a name pasted from a web page or a mail, the
-- ideographic space) is a space.
create or replace temp macro person_key(name, german) as
    person_key_of(person_name(regexp_replace(nfc_normalize(name), '\p{Z}', ' ', 'g')), german);
