-- 0005: records a connector read on purpose and did not load (pull requests
-- in a GitHub issues export, bot messages in a Slack export): rows_in =
-- loaded + rejected + merged + skipped.
alter table ingest_runs add column skipped bigint default 0;
