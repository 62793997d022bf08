-- Hand-made rows for the interrupts report test. Weeks 2026-W08 (02-16),
-- W09 (02-23), W10 (03-02) and W11 (03-09, still running when the data
-- stops on 03-10), so the latest complete week is W10 and the window is
-- W08..W10 (the data starts in W08). Team Platform has five interrupted
-- people, team Data two. Every figure the report shows is worked out by hand
-- in interrupts_test.go.

insert into dim_teams values
    ('Platform',        'engineering', 100),
    ('Data',            'engineering', 120),
    ('IT Service Desk', 'it',          60),
    ('<b>Sec</b>',      'security',    90);

insert into dim_parameters values
    ('privacy_min_group_size', '5',   'per-person rows are written only for teams with at least this many distinct people'),
    ('refocus_high_minutes',   '23',  'high end of the refocus band'),
    ('refocus_low_minutes',    '0',   'low end of the refocus band'),
    ('refocus_minutes',        '15',  'minutes of refocus time added to every interruption'),
    ('time_zone',              'UTC', 'business calendar time zone; weeks are cut at midnight here');

create table int_tickets (
    source varchar, source_key varchar, title varchar, requester varchar,
    created_at timestamp, week_start date, tool varchar, intent varchar
);
insert into int_tickets values
    ('jira', 'IT-1', 'Okta reset',      'ann', '2026-02-16 09:00', '2026-02-16', 'Okta',   'password_reset'),
    ('jira', 'IT-2', 'GitHub access',   'Bob Stone', '2026-02-24 09:00', '2026-02-23', 'GitHub', 'access_request'),
    ('jira', 'IT-3', 'GitHub team',     'cat', '2026-03-02 09:00', '2026-03-02', 'GitHub', 'access_request'),
    ('jira', 'IT-4', 'Install thing',   'dan', '2026-03-03 09:00', '2026-03-02', '=HYPERLINK("http://x")|<i>', 'app_install'),
    ('jira', 'IT-5', 'Okta reset',      'eve', '2026-03-10 09:00', '2026-03-09', 'Okta',   'password_reset');

-- requester_team: IT-1 from the source; IT-2 none, so Bob Stone's team from
-- int_person_team, by his person_key (int_people: bobstone, the key his user
-- name bob.stone matched a pattern with); IT-3 blank and cat is unknown;
-- IT-4 hostile.
insert into tickets (source, source_key, status, created_at, updated_at, requester, requester_team,
                     labels, components, is_deleted, run_id, source_file, source_line)
values
    ('jira', 'IT-1', 'resolved', '2026-02-16 09:00', '2026-02-16 09:00', 'ann', 'Sales',              [], [], false, 'r', 'f', 1),
    ('jira', 'IT-2', 'resolved', '2026-02-24 09:00', '2026-02-24 09:00', 'Bob Stone', null,                 [], [], false, 'r', 'f', 2),
    ('jira', 'IT-3', 'resolved', '2026-03-02 09:00', '2026-03-02 09:00', 'cat', ' ',                  [], [], false, 'r', 'f', 3),
    ('jira', 'IT-4', 'resolved', '2026-03-03 09:00', '2026-03-03 09:00', 'dan', '<script>x</script>', [], [], false, 'r', 'f', 4),
    ('jira', 'IT-5', 'open',     '2026-03-10 09:00', '2026-03-10 09:00', 'eve', 'Sales',              [], [], false, 'r', 'f', 5);

create table int_people (name varchar, person_key varchar);
insert into int_people values
    ('ann', 'ann'), ('Bob Stone', 'bobstone'), ('bob.stone', 'bobstone'), ('cat', 'cat'), ('dan', 'dan'), ('eve', 'eve');

create table int_person_team (person_key varchar, team varchar, team_class varchar);
insert into int_person_team values
    ('bobstone', 'Data', 'engineering'),
    ('alice', 'Platform', 'engineering');

create table int_interruptions (
    person_key varchar, person varchar, interruption_seq bigint, week_start date,
    team varchar, team_class varchar, direction varchar, handle_minutes double, refocus_minutes double
);
insert into int_interruptions values
    ('alice', 'person-a11ce000', 1, '2026-02-16', 'Platform', 'engineering', 'it_work_to_engineering', 30, 15),
    ('alice', 'person-a11ce000', 2, '2026-02-23', 'Platform', 'engineering', 'it_work_to_engineering', 60, 15),
    ('bert',  'person-be270000', 1, '2026-02-23', 'Platform', 'engineering', 'it_work_to_engineering', 60, 15),
    ('carl',  'person-ca710000', 1, '2026-03-02', 'Platform', 'engineering', 'it_work_to_engineering', 65, 15),
    ('dina',  'person-d1a00000', 1, '2026-03-02', 'Platform', 'engineering', 'it_work_to_engineering', 45, 15),
    ('egon',  'person-e9000000', 1, '2026-03-02', 'Platform', 'engineering', 'it_work_to_engineering', 20, 15),
    ('alice', 'person-a11ce000', 3, '2026-03-02', 'Platform', 'engineering', 'it_work_to_engineering', 45, 15),
    -- W11: outside the window
    ('alice', 'person-a11ce000', 4, '2026-03-09', 'Platform', 'engineering', 'it_work_to_engineering', 30, 15),
    ('frank', 'person-f0000000', 1, '2026-03-02', 'Data',     'engineering', 'it_work_to_engineering', 30, 15),
    ('gina',  'person-90000000', 1, '2026-03-02', 'Data',     'engineering', 'it_work_to_engineering', 30, 15);

create table int_touches (
    person_key varchar, interruption_seq bigint, source varchar, source_key varchar, handle_minutes double
);
insert into int_touches values
    ('alice', 1, 'jira', 'IT-1', 30),
    ('alice', 2, 'jira', 'IT-2', 60),
    ('bert',  1, 'jira', 'IT-2', 60),
    ('carl',  1, 'jira', 'IT-3', 45),
    ('carl',  1, 'jira', 'IT-4', 20),
    ('dina',  1, 'jira', 'IT-3', 45),
    ('egon',  1, 'jira', 'IT-4', 20),
    ('alice', 3, 'jira', 'IT-3', 45),
    ('alice', 4, 'jira', 'IT-5', 30),
    ('frank', 1, 'jira', 'IT-3', 30),
    ('gina',  1, 'jira', 'IT-3', 30);

create table interruptions (
    week_start date, team varchar, team_class varchar, direction varchar,
    interruptions bigint, tickets bigint, handle_hours double, refocus_hours double,
    refocus_low_hours double, refocus_high_hours double, total_hours double,
    hourly_cost double, cost double
);
-- refocus 15 min each (band 0 to 23); total = handle + refocus; cost = total x hourly_cost
insert into interruptions values
    ('2026-02-16', 'Platform', 'engineering', 'it_work_to_engineering', 1, 1, 30 / 60.0,  0.25, 0, 23 / 60.0,     30 / 60.0 + 0.25,  100, (30 / 60.0 + 0.25) * 100),
    ('2026-02-23', 'Platform', 'engineering', 'it_work_to_engineering', 2, 1, 2.0,        0.5,  0, 2 * 23 / 60.0, 2.5,               100, 250),
    ('2026-03-02', 'Platform', 'engineering', 'it_work_to_engineering', 4, 2, 175 / 60.0, 1.0,  0, 4 * 23 / 60.0, 175 / 60.0 + 1.0,  100, (175 / 60.0 + 1.0) * 100),
    ('2026-03-09', 'Platform', 'engineering', 'it_work_to_engineering', 1, 1, 0.5,        0.25, 0, 23 / 60.0,     0.75,              100, 75),
    ('2026-03-02', 'Data',     'engineering', 'it_work_to_engineering', 2, 1, 1.0,        0.5,  0, 2 * 23 / 60.0, 1.5,               120, 180);

create table interruptions_by_person (
    person varchar, team varchar, interruptions bigint, total_hours double, share_of_team double, team_people bigint
);
-- over all weeks: alice 4 of Platform's 8 interruptions, (165 + 4 x 15) / 60 h
insert into interruptions_by_person values
    ('person-a11ce000', 'Platform', 4, 225 / 60.0, 4 / 8.0, 5),
    ('person-be270000', 'Platform', 1, 75 / 60.0,  1 / 8.0, 5),
    ('person-ca710000', 'Platform', 1, 80 / 60.0,  1 / 8.0, 5),
    ('person-d1a00000', 'Platform', 1, 60 / 60.0,  1 / 8.0, 5),
    ('person-e9000000', 'Platform', 1, 35 / 60.0,  1 / 8.0, 5);

create table fix_ranking (
    rank integer, tool varchar, intent varchar, intent_class varchar, tickets bigint,
    tickets_per_week double, interruptions bigint, interruptions_per_week double,
    avoidable_interruptions_per_week double, avoidable_hours_per_week double, avoidable_cost_per_week double
);
insert into fix_ranking values
    (2, 'Okta',   'password_reset', 'it', 2, 0.5, 2, 0.5,  0.5,  0.375, 37.5),
    (1, 'GitHub', 'access_request', 'it', 2, 0.5, 7, 1.75, 1.25, 1.5,   150),
    (3, '@SUM(1)<b>', 'app_install', 'it', 1, 0.25, 2, 0.5, 0.25, 0.1, 10);
