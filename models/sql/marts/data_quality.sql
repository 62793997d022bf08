-- What was loaded and how healthy it is, one figure per row: rows per source
-- and canonical table with the latest timestamp in them, how stale that is at
-- the source's latest load, rejected input rows per file and reason, ingest
-- runs and their counts per source (with the ambiguous local times read),
-- and the data tests of the last build.
-- Built after the data tests (after_tests in the .yml), so the failed tests
-- are this build's. Nothing here depends on the clock: staleness is measured
-- against the latest load, not against now.
with loads as (
    select
        source,
        count(*) as runs,
        max(loaded_at) as last_loaded_at,
        sum(rows_in) as rows_in,
        sum(loaded) as rows_loaded,
        sum(rejected) as rows_rejected,
        sum(merged) as rows_merged,
        sum(coalesce(ambiguous_times, 0)) as ambiguous_times
    from ingest_runs
    group by source
),

tables as (
    select source, 'tickets' as subject, count(*) as n, max(updated_at) as latest_at,
        count(*) filter (where is_deleted) as deleted
    from tickets group by source
    union all
    select source, 'ticket_events', count(*), max(event_at), 0 from ticket_events group by source
    union all
    select source, 'comments', count(*), max(created_at), 0 from comments group by source
    union all
    select source, 'messages', count(*), max(posted_at), 0 from messages group by source
),

figures as (
    select 'rows' as metric, source, subject, cast(null as varchar) as detail,
        cast(n as double) as value, latest_at as as_of
    from tables
    union all
    select 'deleted_rows', source, subject, null, cast(deleted as double), null
    from tables
    where subject = 'tickets'
    union all
    select 'days_since_latest', tables.source, tables.subject,
        'days from the latest row to the latest load of the source',
        (epoch(coalesce(loads.last_loaded_at, (select max(loaded_at) from ingest_runs))) - epoch(tables.latest_at)) / 86400.0,
        tables.latest_at
    from tables
    left join loads using (source)
    union all
    select 'rejects', runs.source, rejects.file, rejects.reason, cast(count(*) as double), null
    from rejects
    left join ingest_runs as runs using (run_id)
    group by runs.source, rejects.file, rejects.reason
    union all
    select 'ingest_runs', source, null, null, cast(runs as double), last_loaded_at from loads
    union all
    select 'rows_in', source, null, null, cast(rows_in as double), null from loads
    union all
    select 'rows_loaded', source, null, null, cast(rows_loaded as double), null from loads
    union all
    select 'rows_rejected', source, null, null, cast(rows_rejected as double), null from loads
    union all
    select 'rows_merged', source, null, null, cast(rows_merged as double), null from loads
    union all
    select 'ambiguous_times', source, null,
        'local times that happen twice (clocks go back), each read as the first',
        cast(ambiguous_times as double), null
    from loads
    union all
    select 'data_tests', null, null, null, cast(count(*) as double), null from build_test_results
    union all
    select 'failed_data_tests', null, null, null, cast(count(*) filter (where failures > 0) as double), null
    from build_test_results
    union all
    select 'failed_test', null, model, test, cast(failures as double), null
    from build_test_results
    where failures > 0
)

select
    metric,
    source,
    subject,
    detail,
    value,
    as_of
from figures
order by metric, source nulls first, subject nulls first, detail nulls first
