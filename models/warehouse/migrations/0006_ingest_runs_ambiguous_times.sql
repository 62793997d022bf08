-- 0006: local times read from the file that happen twice in the source's time
-- zone (in the hour the clocks go back); each was read as the first of the two.
-- Printed as warnings by lanes ingest and kept here so they are not lost.
alter table ingest_runs add column ambiguous_times bigint default 0;
