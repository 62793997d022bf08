-- Tickets, open tickets and the catalogue flag per tool.
select
    tool,
    count(*)                            as tickets,
    count(*) filter (where is_open)     as open_tickets,
    bool_and(is_tool_sanctioned)        as is_sanctioned
from int_tickets
group by tool
order by tickets desc, tool
