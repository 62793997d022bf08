-- Every file loaded, with its counts.
select
    run_id, source, format, file, sha256,
    bytes::bigint       as bytes,
    rows_in::bigint     as rows_in,
    loaded::bigint      as loaded,
    rejected::bigint    as rejected,
    merged::bigint      as merged
from ingest_runs
order by file, source, run_id
