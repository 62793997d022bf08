-- 0014: comment_owners says which copy of a ticket its stored comments
-- came from, when that is not the copy its tickets row holds. A ticket's
-- comments are those of its best-ranked copy that has any (ranked as the
-- merge ranks copies: updated_at, then is_deleted, then hash, the MD5 of
-- the copy's raw record), so a newer copy without comments (a Jira CSV
-- exported without them) keeps an older copy's, and a later file's copy
-- that ranks between the two replaces them. Without this row the merge
-- could only compare a new copy with the row's, and which of two older
-- copies' comments stayed depended on the order the files came in. A key
-- whose comments are its row's copy's has no row here. No index, as 0007
-- and 0008: the merge keeps one row per (source, source_key).
--
-- notice: tickets merged before it from several copies keep the comments they have, which may
-- notice: be an older copy's than the best-ranked copy with comments. To settle them, ingest
-- notice: the same files into a new warehouse (--db).
create table comment_owners (
    source              varchar not null,
    source_key          varchar not null,
    updated_at          timestamp not null,
    is_deleted          boolean not null,
    hash                varchar not null    -- md5 of the copy's raw record
);
