-- The first $1 files loaded (by file name), with their counts.
select
    run_id, source, format, file, sha256,
    bytes::bigint               as bytes,
    rows_in::bigint             as rows_in,
    loaded::bigint              as loaded,
    rejected::bigint            as rejected,
    merged::bigint              as merged,
    coalesce(skipped, 0)::bigint as skipped
from ingest_runs
order by file, source, run_id
limit $1
