-- Hand-made mart rows for the weekly report test: weeks 2026-W08 (02-16),
-- W09 (02-23), W10 (03-02) and one ticket in W11 (03-09), so the latest
-- complete week is W10. Columns follow docs/tables.md. Every figure the
-- report shows is worked out by hand in weekly_test.go.

create table int_tickets (
    source varchar, source_key varchar, title varchar, status varchar, priority varchar,
    requester varchar, assignee varchar, assignment_group varchar, url varchar,
    created_at timestamp, resolved_at timestamp, week_start date, is_open boolean,
    tool varchar, is_tool_sanctioned boolean, intent varchar, intent_class varchar,
    team varchar, team_class varchar, handle_minutes double, resolve_hours double,
    reopen_count integer, reassignment_count integer
);

-- key, title, status, created_at, resolved_at, week_start, is_open, tool, resolve_hours
insert into int_tickets
select 'jira', k, title, status, 'p3', 'ann', 'bob', 'Service Desk', 'https://jira.example/browse/' || k,
       created::timestamp, resolved::timestamp, week::date, is_open,
       tool, true, 'other', null, 'IT Service Desk', 'it', 30, hours, 0, 0
from (values
    ('IT-1',  'Okta MFA reset',      'resolved',  '2026-02-16 09:00', '2026-02-16 13:00', '2026-02-16', false, 'Okta',   4),
    ('IT-2',  'GitHub access',       'resolved',  '2026-02-17 10:00', '2026-02-18 10:00', '2026-02-16', false, 'GitHub', 24),
    ('IT-3',  'VPN drops',           'resolved',  '2026-02-18 09:00', '2026-02-25 09:00', '2026-02-16', false, 'VPN',    168),
    ('IT-4',  'Okta locked out',     'open',      '2026-02-20 15:00', null,               '2026-02-16', true,  'Okta',   null),
    ('IT-5',  'Okta MFA reset',      'resolved',  '2026-02-23 09:00', '2026-02-23 11:00', '2026-02-23', false, 'Okta',   2),
    ('IT-6',  'Okta MFA reset',      'resolved',  '2026-02-24 09:00', '2026-02-24 15:00', '2026-02-23', false, 'Okta',   6),
    ('IT-7',  'GitHub team add',     'resolved',  '2026-02-24 12:00', '2026-02-26 12:00', '2026-02-23', false, 'GitHub', 48),
    ('IT-8',  'VPN certificate',     'resolved',  '2026-02-25 08:00', '2026-03-03 08:00', '2026-02-23', false, 'VPN',    144),
    ('IT-9',  'Laptop is slow',      'open',      '2026-02-26 10:00', null,               '2026-02-23', true,  'Laptop', null),
    ('IT-10', 'Slack channel',       'canceled',  '2026-02-27 10:00', null,               '2026-02-23', false, 'Slack',  null),
    ('IT-11', 'Okta MFA reset',      'resolved',  '2026-03-02 09:00', '2026-03-02 10:00', '2026-03-02', false, 'Okta',   1),
    ('IT-12', 'Okta MFA reset',      'resolved',  '2026-03-02 11:00', '2026-03-02 14:00', '2026-03-02', false, 'Okta',   3),
    ('IT-13', 'Okta group',          'resolved',  '2026-03-03 09:00', '2026-03-03 17:00', '2026-03-02', false, 'Okta',   8),
    ('IT-14', 'GitHub access',       'resolved',  '2026-03-03 10:00', '2026-03-04 10:00', '2026-03-02', false, 'GitHub', 24),
    ('IT-15', 'New laptop',          'resolved',  '2026-03-04 09:00', '2026-03-09 09:00', '2026-03-02', false, 'Laptop', 120),
    ('IT-16', 'Laptop battery',      'open',      '2026-03-05 09:00', null,               '2026-03-02', true,  'Laptop', null),
    ('IT-17', '<img src=x onerror=alert(1)> | =cmd', 'open', '2026-03-06 12:00', null,   '2026-03-02', true,  '<script>alert(1)</script>|x', null),
    -- closed without resolved_at: resolve_hours comes from closed_at
    ('IT-18', 'Jira board',          'closed',    '2026-03-08 23:30', null,               '2026-03-02', false, 'Jira',   2),
    ('IT-19', 'Okta MFA reset',      'open',      '2026-03-10 09:00', null,               '2026-03-09', true,  'Okta',   null),
    ('IT-20', 'Okta MFA reset',      'resolved',  '2026-03-05 14:00', '2026-03-05 16:00', '2026-03-02', false, 'Okta',   2)
) as t(k, title, status, created, resolved, week, is_open, tool, hours);

-- Open tickets at the end of each week (the report reads backlog_weekly),
-- worked out by hand from the rows above: at 2026-02-23 00:00 IT-3 and IT-4
-- are open; at 03-02 IT-4, IT-8 (resolved 03-03) and IT-9; at 03-09 IT-4,
-- IT-9, IT-15 (resolved 03-09 09:00), IT-16, IT-17 and IT-18 (closed 03-09
-- 01:30); at the end of the data's last day (03-11 00:00) IT-4, IT-9, IT-16,
-- IT-17 and IT-19. Resolved in W11: IT-15 and IT-18.
create table backlog_weekly (
    week_start date, created bigint, resolved bigint, open_at_week_end bigint, net_change bigint
);
insert into backlog_weekly values
    ('2026-02-16', 4, 2, 2, 2),
    ('2026-02-23', 6, 4, 3, 2),
    ('2026-03-02', 9, 6, 6, 3),
    ('2026-03-09', 1, 2, 5, -1);

-- The same open tickets by age, at edges 2 and 14 days (backlog.age_buckets_days
-- [2, 14]), at the end of 03-01, 03-08 and 03-10 (the data's last day):
-- at 03-02 00:00 IT-4 is 9.4 days old, IT-8 4.7, IT-9 3.6: 0, 3, 0.
-- at 03-09 00:00 IT-18 0.02, IT-17 2.5, IT-16 3.6, IT-15 4.6, IT-9 10.6,
-- IT-4 16.4: 1, 4, 1.
-- at 03-11 00:00 IT-19 0.6, IT-17 4.5, IT-16 5.6, IT-9 12.6, IT-4 19.4: 1, 3, 1.
create table backlog_age_daily (
    day date, bucket_order integer, bucket_label varchar, min_age_days double,
    max_age_days double, open_tickets bigint
);
insert into backlog_age_daily values
    ('2026-03-01', 1, 'under 2 days',     0,  2,    0),
    ('2026-03-01', 2, '2-14 days',        2,  14,   3),
    ('2026-03-01', 3, '14 days or more',  14, null, 0),
    ('2026-03-08', 1, 'under 2 days',     0,  2,    1),
    ('2026-03-08', 2, '2-14 days',        2,  14,   4),
    ('2026-03-08', 3, '14 days or more',  14, null, 1),
    ('2026-03-10', 1, 'under 2 days',     0,  2,    1),
    ('2026-03-10', 2, '2-14 days',        2,  14,   3),
    ('2026-03-10', 3, '14 days or more',  14, null, 1);

-- SLA verdicts by week of creation and priority, written by hand (the
-- priorities here are the sla mart's own and need not match int_tickets):
-- each week's `all` row sums its priorities; the row with a null week is
-- the all-weeks total the report must not read.
create table sla (
    week_start date, priority varchar, tickets bigint, met bigint, breached bigint,
    pending bigint, breach_rate double, source_verdicts bigint, computed_verdicts bigint
);
insert into sla values
    ('2026-02-16', 'all',  4, 3, 1, 0, 0.25,  4, 0),
    ('2026-02-16', 'p3',   4, 3, 1, 0, 0.25,  4, 0),
    ('2026-02-23', 'all',  5, 3, 2, 0, 0.4,   2, 3),
    ('2026-02-23', 'p1',   1, 0, 1, 0, 1.0,   0, 1),
    ('2026-02-23', 'p3',   4, 3, 1, 0, 0.25,  2, 2),
    ('2026-03-02', 'all',  9, 5, 1, 3, 1 / 6, 3, 6),
    ('2026-03-02', 'none', 1, 0, 0, 1, null,  0, 1),
    ('2026-03-02', 'p1',   2, 1, 1, 0, 0.5,   1, 1),
    ('2026-03-02', 'p3',   6, 4, 0, 2, 0.0,   2, 4),
    ('2026-03-09', 'all',  1, 0, 0, 1, null,  0, 1),
    ('2026-03-09', 'p3',   1, 0, 0, 1, null,  0, 1),
    (null,         'all', 19, 11, 4, 4, 4 / 15, 9, 10);

-- Time to first response by week of creation, by hand; the tool row whose
-- value looks like a week must not be read as one.
create table first_response (
    dimension varchar, value varchar, tickets bigint, responded_tickets bigint,
    share_responded double, median_hours double, p90_hours double,
    median_business_hours double, p90_business_hours double
);
insert into first_response values
    ('overall', 'all',        19, 14, 14 / 19, 2.0, 9.0, 1.0, 5.0),
    ('tool',    '2026-03-02', 99, 99, 1.0,     999, 999, 999, 999),
    ('week',    '2026-02-16',  4,  4, 1.0,     2.0, 6.0, 1.0, 4.0),
    ('week',    '2026-02-23',  5,  4, 0.8,     3.0, 9.0, 2.0, 6.0),
    ('week',    '2026-03-02',  9,  6, 6 / 9,   1.5, 4.0, 0.5, 3.0),
    ('week',    '2026-03-09',  1,  0, 0.0,     null, null, null, null);

create table volume_by_tool (
    week_start date, tool varchar, tickets bigint, share double,
    prev_week_tickets bigint, change_pct double
);
insert into volume_by_tool values
    ('2026-03-09', 'Okta',   1, 1.0,     4, -0.75),
    ('2026-02-16', 'Okta',   2, 0.5,     0, null),
    ('2026-02-16', 'GitHub', 1, 0.25,    0, null),
    ('2026-02-16', 'VPN',    1, 0.25,    0, null),
    ('2026-02-23', 'Okta',   2, 2.0 / 6, 2, 0.0),
    ('2026-02-23', 'GitHub', 1, 1.0 / 6, 1, 0.0),
    ('2026-02-23', 'VPN',    1, 1.0 / 6, 1, 0.0),
    ('2026-02-23', 'Laptop', 1, 1.0 / 6, 0, null),
    ('2026-02-23', 'Slack',  1, 1.0 / 6, 0, null),
    ('2026-03-02', 'Jira',   1, 1.0 / 9, 0, null),
    ('2026-03-02', 'GitHub', 1, 1.0 / 9, 1, 0.0),
    ('2026-03-02', '<script>alert(1)</script>|x', 1, 1.0 / 9, 0, null),
    ('2026-03-02', 'Laptop', 2, 2.0 / 9, 1, 1.0),
    ('2026-03-02', 'Okta',   4, 4.0 / 9, 2, 1.0);

create table time_to_resolve (
    dimension varchar, value varchar, resolved_tickets bigint,
    median_hours double, p90_hours double, mean_hours double
);
insert into time_to_resolve values
    ('overall', 'all',        14, 7.0,  141.6, 39.71428571428571),
    -- a tool whose name looks like a week: must not be read as one
    ('tool',    '2026-03-02', 99, 999,  999,   999),
    ('week',    '2026-02-16',  2, 14.0, 22.0,  14.0),
    ('week',    '2026-02-23',  4, 27.0, 132.0, 56.0),
    ('week',    '2026-03-02',  6, 5.5,  84.0,  182.0 / 6),
    ('week',    '2026-03-09',  2, 61.0, 108.2, 61.0);

create table interruptions (
    week_start date, team varchar, team_class varchar, direction varchar,
    interruptions bigint, tickets bigint, handle_hours double, refocus_hours double,
    refocus_low_hours double, refocus_high_hours double, total_hours double,
    hourly_cost double, cost double
);
-- refocus: 15 min each (band 0 to 23 min); total = handle + refocus; cost = total x hourly_cost
insert into interruptions values
    ('2026-02-16', 'Platform',        'engineering', 'it_work_to_engineering',  4, 2,  1.0,  1.0, 0.0,  4 * 23 / 60.0,  2.0, 100, 200),
    ('2026-02-23', 'Platform',        'engineering', 'it_work_to_engineering',  8, 3,  3.0,  2.0, 0.0,  8 * 23 / 60.0,  5.0, 100, 500),
    ('2026-03-02', 'Data_Eng*',       'engineering', 'it_work_to_engineering',  2, 1,  0.5,  0.5, 0.0,  2 * 23 / 60.0,  1.0, 100, 100),
    ('2026-03-02', 'IT Service Desk', 'it',          'engineering_work_to_it',  2, 2,  1.0,  0.5, 0.0,  2 * 23 / 60.0,  1.5,  60,  90),
    ('2026-03-02', 'Platform',        'engineering', 'it_work_to_engineering', 40, 5, 12.0, 10.0, 0.0, 40 * 23 / 60.0, 22.0, 100, 2200);

create table automation_candidates (
    rank integer, intent varchar, intent_class varchar, tickets bigint,
    tickets_per_week double, median_handle_minutes double, cv_handle_minutes double,
    escalation_rate double, reopen_rate double, score double,
    hours_saved_per_month double, example_keys varchar[]
);
-- hours_saved_per_month = tickets_per_week x 52 / 12 x median_handle_minutes / 60 x 0.8
insert into automation_candidates values
    (6, 'offboarding',    'it',  2, 0.5,  90, 0.1, 0.0,   0.0,  0.40, 0.5 * 52 / 12 * 90 / 60 * 0.8,  ['IT-30']),
    (3, 'hardware',       'it',  8, 2.0,  60, 0.5, 0.125, 0.0,  0.70, 2.0 * 52 / 12 * 60 / 60 * 0.8,
        ['=HYPERLINK("http://x")', 'IT-[1](javascript:alert(1))', 'a`b' || chr(10) || 'c']),
    (1, 'password_reset', 'it', 16, 4.0,  15, 0.2, 0.05,  0.0,  0.91, 4.0 * 52 / 12 * 15 / 60 * 0.8,  ['IT-1', 'IT-5', 'IT-6']),
    (2, 'access_request', 'it', 12, 3.0,  30, 0.3, 0.1,   0.02, 0.84, 3.0 * 52 / 12 * 30 / 60 * 0.8,  ['IT-2', 'IT-7', 'IT-14']),
    (5, 'onboarding',     'it',  2, 0.5, 120, 0.1, 0.0,   0.0,  0.50, 0.5 * 52 / 12 * 120 / 60 * 0.8, ['IT-21']),
    (4, 'vpn',            'it',  4, 1.0,  20, 0.4, 0.25,  0.0,  0.55, 1.0 * 52 / 12 * 20 / 60 * 0.8,  ['IT-3', 'IT-8']);

insert into dim_parameters values
    ('automatable_share',      '0.8',    'share of handle time that automation removes'),
    ('automation_min_tickets', '5',      'an intent needs at least this many tickets to be ranked'),
    ('backlog_age_buckets_days', '2, 14', 'edges, in days since creation, of the open tickets'' age buckets (backlog_age_daily); each bucket includes its lower edge'),
    ('default_hourly_cost',    '75',     'hourly cost used for people in no configured team'),
    ('merge_window_minutes',   '30',     'touches by one person within this many minutes count as one interruption'),
    ('refocus_high_minutes',   '23',     'high end of the refocus band'),
    ('refocus_low_minutes',    '0',      'low end of the refocus band'),
    ('refocus_minutes',        '15',     'minutes of refocus time added to every interruption'),
    ('time_zone',              'UTC',    'business calendar time zone; weeks are cut at midnight here'),
    ('week_start',             'monday', 'first day of the reporting week');
