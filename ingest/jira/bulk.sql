-- The Jira CSV fast path (bulk.go): DuckDB reads the file and SQL maps it,
-- for the rows where SQL gives exactly what the Go mapping (jira.go) gives.
-- Every other row, and every row sharing a key with one, is mapped in Go.
-- Each template renders one statement; {{"{{"}}.X}} are SQL expressions and
-- literals that bulk.go builds from the file's header, and cN is the
-- file's column N (counting from 0).

{{define "macros"}}
-- strings.TrimSpace: the characters are every one unicode.IsSpace
-- reports; NULL (an empty cell) reads as ''. Trimming with a set of
-- characters is slow, so it is done only when a value starts or ends with
-- one.
create or replace temp macro jira_trim(s) as
    case when ord(s) in ({{.SpaceCodes}}) or ord(right(s, 1)) in ({{.SpaceCodes}})
        then coalesce(trim(s, {{.Space}}), '')
        else coalesce(s, '')
    end
{{end}}

{{define "raw"}}
-- The file as text, one row per record, in file order: record i (from 0)
-- has rowid {{.Base}} + i, {{.Base}} being the smallest rowid.
create table {{$.S}}jira_raw as
select {{.Select}}
from read_csv({{.Path}}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"',
     new_line = {{.NewLine}}, columns = {{.Columns}}, strict_mode = {{.Strict}}, ignore_errors = true,
     null_padding = false, allow_quoted_nulls = true, max_line_size = {{.MaxLine}}, compression = 'none')
{{end}}

{{define "comments"}}
-- Every non-blank comment cell, split as `date;author;text`.
create table {{$.S}}jira_comments as
with cells as (
    {{range $i, $c := .Comments}}{{if $i}}
    union all
    {{end}}select rowid - {{$.Base}} as idx, {{$i}} as n, {{$c}} as cell from {{$.S}}jira_raw where {{trim $c}} <> ''{{end}}
),
split as (
    select idx, n, cell,
        strpos(cell, ';') as p1,
        strpos(substr(cell, strpos(cell, ';') + 1), ';') as p2
    from cells
),
parts as (
    select idx, n,
        case when p1 > 0 then {{trim "substr(cell, 1, p1 - 1)"}} end as at_text,
        case when p1 > 0 and p2 > 0 then {{trim "substr(cell, p1 + 1, p2 - 1)"}} end as author,
        case when p1 > 0 and p2 > 0 then substr(cell, p1 + p2 + 1) end as body,
        p1 > 0 and p2 > 0 as split_ok
    from split
)
select idx, n, author, body, at_w, split_ok and at_text <> '' and {{roundtrip "at_text" "at_w"}} as at_ok
from (select *, {{wall "at_text"}} as at_w from parts)
{{end}}

{{define "lines"}}
-- The line each record starts on, from the scan's anchors: record i starts
-- on anchor.line + (i - anchor.idx) for the last anchor at or before it.
create table {{$.S}}jira_lines as
select i.range as idx,
    i.range + last_value(a.line - a.idx ignore nulls) over (order by i.range rows unbounded preceding) as line
from range({{.Records}}) i
left join {{$.S}}jira_anchor a on a.idx = i.range
{{end}}

{{define "rows"}}
-- Each record's line, its key and times, whether SQL maps it exactly
-- (is_clean), and its values (the file's columns, so that no later
-- statement joins the file's text): a value SQL does not read as Go
-- would, a row Go would reject, a time the clocks skip or repeat (no UTC
-- here) all leave it to Go.
create table {{$.S}}jira_rows as
with r as (
    select rowid - {{.Base}} as idx, * from {{$.S}}jira_raw
),
t as (
    select
        r.*,
        n.line,
        {{field .Key}} as key,
        {{field .Created}} as created_v, {{wall "created_v"}} as created_w,
        {{field .Updated}} as updated_v, {{wall "updated_v"}} as updated_w,
        {{field .Resolved}} as resolved_v, {{wall "resolved_v"}} as resolved_w,
        {{utc "created_w"}} as created_at,
        {{utc "updated_w"}} as updated_u,
        {{utc "resolved_w"}} as resolved_at,
        {{field .TimeSpent}} as time_spent,
        {{.Worklogs}} as worklog_seconds,
        {{.WorklogsOK}} as worklogs_ok,
        {{.GoOnly}} as go_only
    from r join {{$.S}}jira_lines n on n.idx = r.idx
    where not ({{.Empty}})
)
select idx, line, key, created_at, updated_u, resolved_at, time_spent, worklog_seconds, {{.ColumnList}},
    coalesce(
        key <> ''
        and not go_only
        and created_at is not null and {{roundtrip "created_v" "created_w"}}
        and (updated_v = '' or updated_u is not null and {{roundtrip "updated_v" "updated_w"}})
        and (resolved_v = '' or resolved_at is not null and {{roundtrip "resolved_v" "resolved_w"}})
        and coalesce(resolved_at >= created_at, true)
        and (time_spent = '' and worklogs_ok or regexp_full_match(time_spent, '[0-9]{1,12}'))
        and idx not in (select idx from {{$.S}}jira_comments where not at_ok or {{utc "at_w"}} is null)
        and idx not in (select idx from {{$.S}}jira_padded),
    false) as is_clean
from t
{{end}}

{{define "drop_raw"}}
drop table {{$.S}}jira_raw
{{end}}

{{define "go_keys"}}
-- A key with any row left to Go has all its rows mapped in Go, so that
-- comment numbers follow file order; so has a key on more than one row,
-- whose comments are those of one copy (ingest's keepOneCopy).
create table {{$.S}}jira_go_keys as
select distinct key from {{$.S}}jira_rows where not is_clean
union
select key from {{$.S}}jira_rows group by key having count(*) > 1
{{end}}

{{define "tickets"}}
-- Into the staging table, or, for a first load with each key once,
-- straight into tickets (ingest.Bulk.Fresh).
insert into {{.TicketsTable}} by name
select
    {{.Source}} as source,
    o.key as source_key,
    nullif({{field .Summary}}, '') as title,
    nullif({{.Descr}}, '') as description,
    nullif({{field .Kind}}, '') as kind,
    s.status_raw,
    s.status,
    p.priority_raw,
    p.priority,
    o.created_at,
    o.resolved_at,
    coalesce(o.updated_u, greatest(o.created_at, o.resolved_at)) as updated_at,
    nullif({{field .Reporter}}, '') as requester,
    nullif({{field .Assignee}}, '') as assignee,
    coalesce(nullif({{field .Team}}, ''), nullif({{field .Project}}, '')) as assignment_group,
    coalesce({{.Components}}[1], nullif({{field .RequestType}}, '')) as category,
    {{.Labels}} as labels,
    {{.Components}} as components,
    'jira' as channel,
    case
        when o.time_spent <> '' then try_cast(o.time_spent as double) / 60
        when o.worklog_seconds is not null then o.worklog_seconds / 60
    end as handle_minutes,
    false as is_deleted,
    {{.URL}} as url,
    {{.RawEscaped}} as raw,
    {{.RunID}} as run_id,
    {{.File}} as source_file,
    o.line as source_line
from (select *, {{.Raw}} as raw_text from {{$.S}}jira_rows) o
join {{$.S}}jira_status s on s.status_cell = coalesce({{.Status}}, '') and s.resolution_cell = coalesce({{.Resolution}}, '')
    and s.category_cell = coalesce({{.Category}}, '') and s.has_resolved = ({{field .Resolved}} <> '')
join {{$.S}}jira_priority p on p.priority_cell = coalesce({{.Priority}}, '')
where o.is_clean and o.key not in (select key from {{$.S}}jira_go_keys)
{{end}}

{{define "stage_comments"}}
-- Comment numbers count a ticket's comments in file order, across every
-- row with its key, as the Go sink numbers them. An author that is the
-- account id of the row's reporter, assignee or creator is named as the
-- row names them (mapper.author).
insert into {{.CommentsTable}} by name
select
    {{.Source}} as source,
    o.key as source_key,
    row_number() over (partition by o.key order by o.line, c.n)::integer as seq,
    {{.CommentAuthor}} as author,
    {{utc "c.at_w"}} as created_at,
    true as is_public,
    nullif(c.body, '') as body
from {{$.S}}jira_comments c
join {{$.S}}jira_rows o on o.idx = c.idx
where o.is_clean and o.key not in (select key from {{$.S}}jira_go_keys)
{{end}}

{{define "go_rows"}}
-- The rows the Go mapping reads, in file order, a page at a time.
select o.line, o.idx, {{.ColumnList}}
from {{$.S}}jira_rows o
where (not o.is_clean or o.key in (select key from {{$.S}}jira_go_keys)) and o.line > ?
order by o.line
limit {{.Page}}
{{end}}

{{define "drop"}}
drop table if exists {{$.S}}jira_raw;
drop table if exists {{$.S}}jira_anchor;
drop table if exists {{$.S}}jira_lines;
drop table if exists {{$.S}}jira_padded;
drop table if exists {{$.S}}jira_status;
drop table if exists {{$.S}}jira_priority;
drop table if exists {{$.S}}jira_comments;
drop table if exists {{$.S}}jira_rows;
drop table if exists {{$.S}}jira_go_keys;
{{end}}
