-- How many data tests the latest build ran and how many failed.
select
    count(*)                                as tests,
    count(*) filter (where failures > 0)    as failed
from build_test_results
