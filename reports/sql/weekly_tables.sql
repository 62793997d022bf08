-- The tables the weekly report reads that exist in the warehouse.
select distinct table_name
from information_schema.tables
where table_name in (
    'int_tickets',
    'volume_by_tool',
    'time_to_resolve',
    'interruptions',
    'automation_candidates',
    'dim_parameters',
    'sla',
    'first_response',
    'backlog_weekly',
    'backlog_age_daily'
)
order by table_name
