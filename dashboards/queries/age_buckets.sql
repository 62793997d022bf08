-- The open tickets' age buckets (backlog_age_daily, at the edges of
-- backlog.age_buckets_days), youngest first: the position, the label as
-- the mart writes it and the lower edge in days.
select bucket_order, min(bucket_label) as bucket_label, min(min_age_days) as min_age_days
from backlog_age_daily
group by bucket_order
order by bucket_order
