-- 0011: the source settings a file was read with (connector, time zone,
-- date format and locale, encoding, mapping, url base, channels), as JSON.
-- A file already loaded is skipped on a later run; when its source's
-- settings have changed since, lanes ingest says so, since the rows keep
-- the old reading. Files loaded before 0011 have none.
alter table ingest_runs add column settings varchar;
