-- Rows, latest timestamp and staleness per source and canonical table, and
-- deleted tickets per source (data_quality).
select
    coalesce(source, '')    as source,
    coalesce(subject, '')   as subject,
    max(value) filter (where metric = 'rows')::double              as row_count,
    max(value) filter (where metric = 'days_since_latest')::double as days_since_latest,
    max(as_of) filter (where metric = 'rows')                      as latest_at,
    max(value) filter (where metric = 'deleted_rows')::double      as deleted_rows
from data_quality
where metric in ('rows', 'days_since_latest', 'deleted_rows')
group by all
order by source, subject
