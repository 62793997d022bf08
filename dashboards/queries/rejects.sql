-- The first $1 rejected rows, by file and line.
select file, line::bigint as line, column_name, reason, raw
from rejects
order by file, line nulls first, column_name nulls first, reason, raw nulls first, run_id
limit $1
