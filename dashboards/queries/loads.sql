-- What the ingest runs read, loaded, rejected, merged and skipped, in total.
select
    (select count(*) from ingest_runs)                              as runs,
    (select coalesce(sum(rows_in), 0)::bigint from ingest_runs)     as rows_in,
    (select coalesce(sum(loaded), 0)::bigint from ingest_runs)      as loaded,
    (select coalesce(sum(rejected), 0)::bigint from ingest_runs)    as rejected,
    (select coalesce(sum(merged), 0)::bigint from ingest_runs)      as merged,
    (select coalesce(sum(skipped), 0)::bigint from ingest_runs)     as skipped,
    (select count(*) from rejects)                                  as reject_rows
