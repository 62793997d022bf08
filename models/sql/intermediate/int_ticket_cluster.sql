-- Near-duplicate clusters of the titles no intent rule covers (intent
-- `other`). Steps, each a CTE below:
--   1. normalize: lower case; e-mail addresses, links, ticket keys, words
--      with a digit (numbers, versions) and punctuation removed, and names:
--      capitalised words right after "for", "from", "by", "cc", "with" (and
--      für, von, para) in the original title, unless a catalogue alias
--      contains the word;
--   2. tokens: the words of the normalized title, without the stop words
--      (cluster_stop_words) and one-letter words;
--   3. stems: each token's Porter stem (lanes_stem), kept only when at least
--      two `other` tickets have it (a word only one ticket uses cannot make
--      a duplicate, and is often a name or a typo);
--   4. groups: tickets with the same set of stems (the signature) form one
--      group;
--   5. edges: two groups are similar when the Jaccard similarity of their
--      stem sets, |A and B| / |A or B|, is at least cluster_similarity.
--      Candidate pairs come from prefix filtering: with each group's stems
--      sorted rarest first, two sets with Jaccard >= t must share one of the
--      first n - ceil(t x n) + 1 stems of each, so only groups sharing such a
--      stem are compared (exact, and fast because rare stems are shared by
--      few groups);
--   6. clusters: every group points to its most frequent similar group that
--      is more frequent than itself (ties: the smaller signature); following
--      the pointers ends at a group that points to itself, the cluster's
--      root. A chain can join groups that are not similar to each other
--      (A ~ B ~ C), but only ever towards a bigger group.
-- cluster_id is 'cl-' and the first 12 hex digits of md5(root signature), so
-- it stays the same from build to build while the root does. Tickets whose
-- title keeps no stem have no cluster.
with params as (
    select
        string_split({{ var('cluster_stop_words') }}, ' ') as stop_words,
        cast({{ var('cluster_similarity') }} as double) as similarity
),

other_tickets as (
    select source, source_key, title
    from {{ ref('int_tickets') }}
    where intent = 'other' and title is not null
),

alias_words as (
    select list(distinct word) as words
    from (
        select unnest(regexp_extract_all(lower(alias), '\pL+')) as word
        from dim_tool_aliases
    )
),

normalized as (
    select
        source,
        source_key,
        trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(title),
            '[\pL\pN._%+-]+@[\pL\pN-]+(\.[\pL\pN-]+)+', ' ', 'g'),  -- e-mail addresses
            'https?://\S+', ' ', 'g'),                              -- links
            '\pL+-\pN+', ' ', 'g'),                                 -- ticket keys (INC-1234)
            '[^\pL\pN]+', ' ', 'g'),                                -- punctuation
            '\S*\pN\S*', ' ', 'g'),                                 -- words with a digit
            '\s+', ' ', 'g')) as normalized_title,
        -- capitalised words right after for, from, by, cc, with, für, von, para
        flatten(list_transform(
            regexp_extract_all(title,
                '(?i:\b(?:for|from|by|cc|with|von|para)|für)\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)', 1),
            x -> string_split(lower(x), ' '))) as name_words
    from other_tickets
),

named as (
    -- the normalized title without names (the label shows it)
    select
        normalized.source,
        normalized.source_key,
        array_to_string(list_filter(string_split(normalized.normalized_title, ' '),
            w -> w <> ''
                and not (list_contains(normalized.name_words, w) and not list_contains(alias_words.words, w))), ' ')
            as normalized_title
    from normalized
    cross join alias_words
),

tokenized as (
    select
        named.source,
        named.source_key,
        named.normalized_title,
        array_to_string(list_filter(string_split(named.normalized_title, ' '),
            w -> length(w) >= 2 and not list_contains(params.stop_words, w)), ' ') as token_text
    from named
    cross join params
),

stemmed_texts as (
    -- the Go stemmer runs once per distinct token text
    select token_text, lanes_stem(token_text) as stem_text
    from (select distinct token_text from tokenized)
),

ticket_stems as (
    select distinct
        tokenized.source,
        tokenized.source_key,
        unnest(string_split(stemmed_texts.stem_text, ' ')) as stem
    from tokenized
    join stemmed_texts using (token_text)
),

stem_frequency as (
    select stem, count(*) as tickets
    from ticket_stems
    where stem <> ''
    group by stem
    having count(*) >= 2
),

signatures as (
    -- each ticket's kept stems, sorted: a running window over the ticket's
    -- rows (sorts spill to disk) rather than a list aggregate per ticket;
    -- the ticket's last stem carries the whole list
    select source, source_key, stems
    from (
        select
            ticket_stems.source,
            ticket_stems.source_key,
            list(ticket_stems.stem) over per_ticket as stems,
            lead(ticket_stems.stem) over per_ticket is null as is_last
        from ticket_stems
        join stem_frequency using (stem)
        window per_ticket as (
            partition by ticket_stems.source, ticket_stems.source_key
            order by ticket_stems.stem
            rows between unbounded preceding and current row)
    )
    where is_last
),

title_groups as (
    select
        array_to_string(stems, ' ') as signature,
        any_value(stems) as stems,
        len(any_value(stems)) as stem_count,
        count(*) as tickets
    from signatures
    group by array_to_string(stems, ' ')
),

stem_order as (
    -- rarest first; ties by the stem
    select stem, row_number() over (order by tickets, stem) as stem_order
    from stem_frequency
),

prefixes as (
    select
        grouped.signature,
        grouped.stem
    from (
        select
            title_groups.signature,
            title_groups.stem_count,
            stem_order.stem,
            row_number() over (partition by title_groups.signature order by stem_order.stem_order) as position
        from title_groups
        cross join lateral (select unnest(title_groups.stems) as stem) as group_stems
        join stem_order on stem_order.stem = group_stems.stem
    ) as grouped
    cross join params
    where grouped.position <= grouped.stem_count - ceil(params.similarity * grouped.stem_count - 1e-9) + 1
),

candidates as (
    select distinct
        a.signature as signature_a,
        b.signature as signature_b
    from prefixes as a
    join prefixes as b on b.stem = a.stem and b.signature > a.signature
),

edges as (
    select
        candidates.signature_a,
        candidates.signature_b,
        len(list_intersect(a.stems, b.stems)) as shared
    from candidates
    join title_groups as a on a.signature = candidates.signature_a
    join title_groups as b on b.signature = candidates.signature_b
    cross join params
    where least(a.stem_count, b.stem_count) >= params.similarity * greatest(a.stem_count, b.stem_count) - 1e-9
),

similar_pairs as (
    select edges.signature_a, edges.signature_b
    from edges
    join title_groups as a on a.signature = edges.signature_a
    join title_groups as b on b.signature = edges.signature_b
    cross join params
    where edges.shared >= params.similarity * (a.stem_count + b.stem_count - edges.shared) - 1e-9
),

neighbours as (
    select signature_a as signature, signature_b as neighbour from similar_pairs
    union all
    select signature_b, signature_a from similar_pairs
),

ranked_neighbours as (
    -- the neighbours that beat a group (more tickets; ties: smaller
    -- signature), best first
    select
        neighbours.signature,
        neighbours.neighbour,
        row_number() over (
            partition by neighbours.signature
            order by better.tickets desc, neighbours.neighbour
        ) as neighbour_rank
    from neighbours
    join title_groups as own on own.signature = neighbours.signature
    join title_groups as better on better.signature = neighbours.neighbour
    where better.tickets > own.tickets
        or (better.tickets = own.tickets and neighbours.neighbour < own.signature)
),

pointers as (
    -- each group points to the best neighbour that beats it, else to itself
    select
        title_groups.signature,
        coalesce(ranked_neighbours.neighbour, title_groups.signature) as parent
    from title_groups
    left join ranked_neighbours
        on ranked_neighbours.signature = title_groups.signature
        and ranked_neighbours.neighbour_rank = 1
),

walk as (
    -- follow the pointers to the root; every step goes to a bigger group, so
    -- the walk ends
    with recursive steps(signature, reached, depth) as (
        select signature, parent, 1 from pointers
        union all
        select steps.signature, pointers.parent, steps.depth + 1
        from steps
        join pointers on pointers.signature = steps.reached
        where pointers.parent <> pointers.signature
    )
    select signature, arg_max(reached, depth) as root
    from steps
    group by signature
),

ticket_clusters as (
    select
        tokenized.source,
        tokenized.source_key,
        tokenized.normalized_title,
        array_to_string(signatures.stems, ' ') as title_stems,
        walk.root
    from tokenized
    left join signatures using (source, source_key)
    left join walk on walk.signature = array_to_string(signatures.stems, ' ')
),

labels as (
    -- the most common normalized title of each cluster; ties alphabetical
    select root, normalized_title as label
    from (
        select
            root,
            normalized_title,
            row_number() over (partition by root order by count(*) desc, normalized_title) as title_rank
        from ticket_clusters
        where root is not null
        group by root, normalized_title
    )
    where title_rank = 1
)

select
    ticket_clusters.source,
    ticket_clusters.source_key,
    nullif(ticket_clusters.normalized_title, '') as normalized_title,
    ticket_clusters.title_stems,
    case when ticket_clusters.root is not null then 'cl-' || left(md5(ticket_clusters.root), 12) end as cluster_id,
    labels.label as cluster_label,
    ticket_clusters.root as cluster_signature,
    case when ticket_clusters.root is not null then
        count(*) over (partition by ticket_clusters.root)
    end as cluster_tickets
from ticket_clusters
left join labels using (root)
order by ticket_clusters.source, ticket_clusters.source_key
