-- 0003: the business calendar as a table, one row per local calendar day,
-- rewritten by every build from the `calendar` configuration for the days the
-- data covers. Each day carries its working window as UTC instants, so that
-- daylight-saving changes and holidays are exact, and the working minutes of
-- every earlier day, so that business time between two instants is two
-- equality joins (see docs/metrics.md, "Business hours").
create table dim_business_days (
    day                  date primary key,  -- calendar day in the calendar's time zone
    weekday              varchar not null,  -- mon..sun
    is_work_day          boolean not null,  -- a configured work day that is not a holiday
    holiday              varchar,           -- holiday name(s), null when none
    day_start_at         timestamp not null, -- local midnight starting the day, UTC
    day_end_at           timestamp not null, -- local midnight ending the day, UTC
    work_start_at        timestamp not null, -- start of working hours, UTC (day_start_at when not a work day)
    work_end_at          timestamp not null, -- end of working hours, UTC (day_start_at when not a work day)
    work_minutes         double not null,   -- working minutes in the day
    work_minutes_before  double not null    -- working minutes of all earlier days in the table
);
