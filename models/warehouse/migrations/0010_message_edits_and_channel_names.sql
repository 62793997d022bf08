-- 0010: messages records when a message was last edited (Slack's
-- edited.ts), so that of two copies of a message from overlapping exports
-- the one with the latest edit wins, then the one with more replies
-- (ingest/run.go, mergeMessages); messages stored before 0010 have none,
-- and their posted_at stands in. And the channel's name as the kept copy's
-- export gives it: channel now holds Slack's channel id, which a rename
-- keeps (messages stored before 0010 hold the folder's name in both).
alter table messages add column edited_at timestamp;
alter table messages add column channel_name varchar;
update messages set channel_name = channel;
