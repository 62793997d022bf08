-- Every table and view in the warehouse's main schema, by name.
select distinct table_name
from information_schema.tables
where table_catalog = current_database()
  and table_schema = current_schema()
order by table_name
