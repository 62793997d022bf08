-- How much of the volume lanes can name, per source (classification_coverage).
select
    source,
    tickets::bigint             as tickets,
    intent_tickets::bigint      as intent_tickets,
    clustered_tickets::bigint   as clustered_tickets,
    clusters::bigint            as clusters,
    intent_share::double        as intent_share,
    clustered_share::double     as clustered_share,
    covered_share::double       as covered_share
from classification_coverage
order by source = 'all' desc, tickets desc, source
