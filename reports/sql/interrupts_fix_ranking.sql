-- The fix ranking as the mart wrote it; columns are picked by name, so the
-- mart may gain columns without breaking the report.
select *
from fix_ranking
order by rank
