-- Tickets open at the instant $1 (UTC): created before it, and still open
-- now or resolved (closed, when there is no resolution) at or after it.
with t as (
    select
        created_at,
        is_open,
        coalesce(
            resolved_at,
            created_at + to_microseconds(cast(round(resolve_hours * 3600000000) as bigint))
        ) as done_at
    from int_tickets
)
select count(*) as open_tickets
from t
where created_at < cast($1 as timestamp)
  and (is_open or done_at >= cast($1 as timestamp))
