-- 0004: the result of every data test of the latest build that ran it,
-- written by the model runner after the tests (models.Build) and read by the
-- data_quality mart. A build replaces the rows of the models it built.
create table build_test_results (
    model         varchar not null,   -- the model the test checks
    test          varchar not null,   -- e.g. "not_null(source_key)"
    failures      bigint  not null,   -- failing rows; 0 when the test passed
    sample        varchar[] not null  -- up to 10 failing rows, as text
);
