-- The columns of one table in the main schema, in order. $1: the table name.
select column_name
from information_schema.columns
where table_catalog = current_database()
  and table_schema = current_schema()
  and table_name = $1
order by ordinal_position
