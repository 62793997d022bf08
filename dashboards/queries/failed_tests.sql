-- The first $1 data tests of the latest build that failed, most failing
-- rows first, with up to three of the rows (build_test_results).
select
    model,
    test,
    failures::bigint                        as failures,
    array_to_string(sample[1:3], ' | ')     as sample
from build_test_results
where failures > 0
order by failures desc, model, test
limit $1
