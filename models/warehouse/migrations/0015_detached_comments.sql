-- 0015: detached_comments keeps the comments that came without their
-- ticket (a Zendesk audits export, GitHub issue timelines): a ticket's
-- comments are those of its best-ranked copy that has any (0014), plus
-- these. Without this table a copy that brought comments of its own
-- deleted them with the copy's it replaced, so whether an audit export's
-- comments stayed depended on the order the files came in. shown says
-- whether the comment has a row of its own in comments: false while the
-- copy's comments hold the same text at the same time (the same comment,
-- stored once), and the merge counts a key's shown rows here to tell the
-- copy's comments from these. Comments whose ticket is not loaded can only
-- have come without it, and start here; of the others, which an audit
-- export brought is not known.
--
-- notice: comments that an audit export (zendesk_audits, github_events) added to tickets already
-- notice: loaded are not known as the audit's, and a later copy of such a ticket with comments of
-- notice: its own replaces them. To keep them, ingest the same files into a new warehouse (--db).
create table detached_comments (
    source        varchar not null,
    source_key    varchar not null,
    author        varchar,
    created_at    timestamp not null,
    is_public     boolean not null,
    body          varchar,
    shown         boolean not null
);

insert into detached_comments
select c.source, c.source_key, c.author, c.created_at, c.is_public, c.body, true from comments c
anti join tickets t on t.source = c.source and t.source_key = c.source_key;
