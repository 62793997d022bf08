-- Twelve tickets over three weeks (Monday weeks, UTC). The data ends on
-- Wednesday 2024-03-20, so the last full week is 2024-03-11 and the week
-- before it 2024-03-04. The marts below are filled by hand to agree with
-- the tickets; the numbers the tests expect are worked out in
-- dashboard_test.go and cube_test.go.
--
-- ticket  created      resolved     h   tool    intent          team         handle  first response
-- IT-1    03-04 09:00  03-04 13:00   4  Okta    password_reset  IT Helpdesk  10      0.5 h
-- IT-2    03-05 10:00  03-06 10:00  24  GitHub  access_request  Platform     20      1 h
-- IT-3    03-06 08:00  03-06 10:00   2  Okta    password_reset  IT Helpdesk  10      -
-- IT-4    03-07 12:00  open             VPN     vpn             IT Helpdesk  30      3 h
-- IT-5    03-11 09:00  03-11 15:00   6  Okta    password_reset  IT Helpdesk  10      10 min
-- IT-6    03-12 09:00  03-14 09:00  48  GitHub  access_request  Platform     20      3 h
-- IT-7    03-13 09:00  03-13 10:00   1  Okta    password_reset  IT Helpdesk  10      -
-- IT-8    03-14 09:00  open             Notion  other           Unassigned   30      -
-- IT-9    03-15 09:00  03-18 09:00  72  GitHub  access_request  Platform     20      4 h
-- IT-10   03-18 09:00  open             Okta    password_reset  IT Helpdesk  10      1 h
-- IT-11   03-19 09:00  03-19 11:00   2  VPN     vpn             IT Helpdesk  30      0.5 h
-- IT-12   03-20 09:00  open             GitHub  access_request  Platform     20      -
--
-- IT-1 has a source link; IT-3's link is a javascript: URL and IT-5's is
-- upper case: only safe http(s) links are written.
insert into int_tickets (source, source_key, title, status, priority, requester, assignee, assignment_group, url,
    created_at, resolved_at, week_start, resolved_week_start, is_open, tool, is_tool_sanctioned, intent, intent_class,
    team, team_class, handle_minutes, resolve_hours, responded_at, first_response_hours, reopen_count, reassignment_count) values
('jira','IT-1','Reset my password','resolved','p3','ann','hd1','IT Helpdesk','https://jira.example.com/browse/IT-1','2024-03-04 09:00','2024-03-04 13:00','2024-03-04','2024-03-04',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,4,'2024-03-04 09:30',0.5,0,0),
('jira','IT-2','Add me to the GitHub org','resolved','p3','bob','eng1','Platform','','2024-03-05 10:00','2024-03-06 10:00','2024-03-04','2024-03-04',false,'GitHub',true,'access_request','engineering','Platform','engineering',20,24,'2024-03-05 11:00',1,0,1),
('jira','IT-3','Password expired','resolved','p3','cat','hd1','IT Helpdesk','javascript:alert(1)','2024-03-06 08:00','2024-03-06 10:00','2024-03-04','2024-03-04',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,2,null,null,0,0),
('jira','IT-4','VPN drops every hour','open','p2','dan','hd2','IT Helpdesk','','2024-03-07 12:00',null,'2024-03-04',null,true,'VPN',true,'vpn','it','IT Helpdesk','it',30,null,'2024-03-07 15:00',3,0,0),
('jira','IT-5','Reset password please','resolved','p3','eve','hd1','IT Helpdesk','HTTPS://JIRA.example.com/browse/IT-5','2024-03-11 09:00','2024-03-11 15:00','2024-03-11','2024-03-11',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,6,'2024-03-11 09:10',0.16666666666666666,0,0),
('jira','IT-6','GitHub access for new hire','resolved','p3','fay','eng2','Platform','','2024-03-12 09:00','2024-03-14 09:00','2024-03-11','2024-03-11',false,'GitHub',true,'access_request','engineering','Platform','engineering',20,48,'2024-03-12 12:00',3,0,0),
('jira','IT-7','Locked out, reset password','resolved','p3','gus','hd1','IT Helpdesk','','2024-03-13 09:00','2024-03-13 10:00','2024-03-11','2024-03-11',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,1,null,null,0,0),
('jira','IT-8','Can we use Notion?','open','p4','hal','','','','2024-03-14 09:00',null,'2024-03-11',null,true,'Notion',false,'other',null,'Unassigned','other',30,null,null,null,0,0),
('jira','IT-9','Need GitHub team access','resolved','p3','ivy','eng1','Platform','','2024-03-15 09:00','2024-03-18 09:00','2024-03-11','2024-03-18',false,'GitHub',true,'access_request','engineering','Platform','engineering',20,72,'2024-03-15 13:00',4,1,0),
('jira','IT-10','Okta MFA not working','open','p2','jay','hd2','IT Helpdesk','','2024-03-18 09:00',null,'2024-03-18',null,true,'Okta',true,'password_reset','it','IT Helpdesk','it',10,null,'2024-03-18 10:00',1,0,0),
('jira','IT-11','VPN certificate','resolved','p3','kim','hd2','IT Helpdesk','','2024-03-19 09:00','2024-03-19 11:00','2024-03-18','2024-03-18',false,'VPN',true,'vpn','it','IT Helpdesk','it',30,2,'2024-03-19 09:30',0.5,0,0),
('jira','IT-12','GitHub SSO error','open','p3','lee','eng2','Platform','','2024-03-20 09:00',null,'2024-03-18',null,true,'GitHub',true,'access_request','engineering','Platform','engineering',20,null,null,null,0,0);

insert into int_data_span values ('2024-03-04 09:00', '2024-03-20 09:00', '2024-03-04', '2024-03-20');

insert into dim_teams values ('IT Helpdesk', 'it', 60), ('Platform', 'engineering', 100);

-- password_reset and access_request can be automated; vpn cannot.
insert into dim_intents values
('password_reset', 'it', 10, true),
('access_request', 'engineering', 20, true),
('vpn', 'it', 30, false),
('other', 'it', 30, false);

-- SLA verdicts: p3 tickets resolved within 40 h met, IT-6 and IT-9 breached;
-- open tickets and IT-8 (p4) are pending.
insert into int_ticket_sla (source, source_key, priority, week_start, verdict) values
('jira','IT-1','p3','2024-03-04','met'), ('jira','IT-2','p3','2024-03-04','met'), ('jira','IT-3','p3','2024-03-04','met'),
('jira','IT-4','p2','2024-03-04','pending'), ('jira','IT-5','p3','2024-03-11','met'), ('jira','IT-6','p3','2024-03-11','breached'),
('jira','IT-7','p3','2024-03-11','met'), ('jira','IT-8','p4','2024-03-11','pending'), ('jira','IT-9','p3','2024-03-11','breached'),
('jira','IT-10','p2','2024-03-18','pending'), ('jira','IT-11','p3','2024-03-18','met'), ('jira','IT-12','p3','2024-03-18','pending');

insert into sla values
(null,'all',12,6,2,4,0.25,0,12),
(null,'p2',2,0,0,2,null,0,2),
(null,'p3',9,6,2,1,0.25,0,9),
(null,'p4',1,0,0,1,null,0,1);

-- Resolution hours: Okta 4, 2, 6, 1; GitHub 24, 48, 72; VPN 2.
insert into time_to_resolve values
('overall','all',8,5.0,55.2,19.875,null,null,null),
('tool','GitHub',3,48.0,67.2,48.0,16.0,24.0,16.0),
('tool','Okta',4,3.0,5.4,3.25,3.0,5.4,3.25),
('tool','VPN',1,2.0,2.0,2.0,2.0,2.0,2.0),
('intent','access_request',3,48.0,67.2,48.0,16.0,24.0,16.0),
('intent','password_reset',4,3.0,5.4,3.25,3.0,5.4,3.25),
('intent','vpn',1,2.0,2.0,2.0,2.0,2.0,2.0),
('week','2024-03-04',3,4.0,20.0,10.0,null,null,null),
('week','2024-03-11',3,6.0,39.6,18.333333333333332,null,null,null),
('week','2024-03-18',2,37.0,65.0,37.0,null,null,null);

-- First responses per week of creation: 0.5, 1, 3 | 1/6, 3, 4 | 1, 0.5.
insert into first_response values
('overall','all',12,8,0.6666666666666666,1.0,3.3,null,null),
('week','2024-03-04',4,3,0.75,1.0,2.6,null,null),
('week','2024-03-11',5,3,0.6,3.0,3.8,null,null),
('week','2024-03-18',3,2,0.6666666666666666,0.75,0.95,null,null);

-- Open at the end of 03-10: IT-4 (3.5 days old); of 03-17: IT-4 (10.5),
-- IT-8 (3.6), IT-9 (2.6); of 03-20: IT-4 (13.5), IT-8 (6.6), IT-10 (2.6),
-- IT-12 (0.6).
insert into backlog_daily values
('2024-03-10',1,0,0,1,0,0),
('2024-03-17',3,0,1,1,1,0),
('2024-03-20',4,1,1,1,1,0);

-- The same by the default age buckets (edges 1, 3, 7 and 30 days).
insert into backlog_age_daily
select cast(d as date), b, l, lo, hi, n
from (values
    ('2024-03-10', 0, 0, 1, 0, 0),
    ('2024-03-17', 0, 1, 1, 1, 0),
    ('2024-03-20', 1, 1, 1, 1, 0)
) as t(d, n1, n2, n3, n4, n5),
lateral (values
    (1, 'under 1 day', 0, 1, n1),
    (2, '1-3 days', 1, 3, n2),
    (3, '3-7 days', 3, 7, n3),
    (4, '7-30 days', 7, 30, n4),
    (5, '30 days or more', 30, null, n5)
) as b(b, l, lo, hi, n);

insert into backlog_weekly values
('2024-03-04',4,3,1,1),
('2024-03-11',5,3,3,2),
('2024-03-18',3,2,4,1);

-- Automation hours: handle minutes of new password_reset and
-- access_request tickets x 0.8 / 60: 40, 60 and 30 minutes.
insert into weekly_summary values
('2024-03-04',4,3,1,4.0,1.0,100.0,0.5333333333333333),
('2024-03-11',5,3,3,6.0,2.5,220.0,0.8),
('2024-03-18',3,2,4,37.0,0.0,0.0,0.4);

insert into interruptions values
('2024-03-04','Platform','engineering','it_work_to_engineering',3,1,0.5,0.5,0.0,0.7666666666666667,1.0,100.0,100.0,1,0.3333333333333333,2,0.6666666666666666,0.3333333333333333),
('2024-03-11','Platform','engineering','it_work_to_engineering',3,2,1.0,0.75,0.0,1.15,1.75,100.0,175.0,0,0.0,3,0.3333333333333333,0.0),
('2024-03-11','IT Helpdesk','it','engineering_work_to_it',1,1,0.5,0.25,0.0,0.3833333333333333,0.75,60.0,45.0,0,0.0,1,1.0,0.0);

insert into interruptions_by_person values
('person-0a1b2c3d','Platform',2,0.6666666666666666,0.3333333333333333,5),
('person-1b2c3d4e','Platform',1,0.3333333333333333,0.16666666666666666,5),
('person-2c3d4e5f','Platform',1,0.3333333333333333,0.16666666666666666,5),
('person-3d4e5f60','Platform',1,0.3333333333333333,0.16666666666666666,5),
('person-4e5f6071','Platform',1,0.3333333333333333,0.16666666666666666,5);

insert into focus_fragmentation values
('2024-03-04','Platform',5,20,18,0.9),
('2024-03-11','Platform',5,20,15,0.75),
('2024-03-18','Platform',3,12,12,1.0);

-- One untracked thread in the first week, two in the last: 10 minutes
-- each plus 15 of refocus (0 to 23 over the band), at 100 an hour.
insert into untracked_requests values
('2024-03-04','Platform',1,1,12.0,0.16666666666666666,0.25,0.0,0.38333333333333336,0.4166666666666667,100.0,41.666666666666664,1.0,0.29411764705882354),
('2024-03-11','Platform',0,0,null,0.0,0.0,0.0,0.0,0.0,100.0,0.0,1.75,0.0),
('2024-03-18','Platform',2,2,20.0,0.3333333333333333,0.5,0.0,0.7666666666666667,0.8333333333333334,100.0,83.33333333333333,0.0,1.0);

insert into automation_candidates values
(1,'intent','password_reset','password_reset','it',null,5,1.6666666666666667,10.0,0.0,0.0,0.0,0.2777777777777778,0.2222222222222222,0.9629629629629629,40.0,180.0,['IT-1','IT-3','IT-5'],['Reset my password','Password expired','Reset password please']),
(2,'intent','access_request','access_request','engineering',null,4,1.3333333333333333,20.0,0.0,0.0,0.25,0.3333333333333333,0.35555555555555557,1.5407407407407407,40.0,112.5,['IT-2','IT-6','IT-9'],['Add me to the GitHub org','GitHub access for new hire','Need GitHub team access']);

insert into fix_ranking values
(1,'GitHub','access_request','engineering',4,1.3333333333333333,6,2.0,2.0,0.9166666666666666,91.66666666666667),
(2,'Okta','password_reset','it',5,1.6666666666666667,1,0.3333333333333333,0.3333333333333333,0.25,15.0);

insert into shadow_it values
('Notion',null,1,1,'2024-03-14 09:00','2024-03-14 09:00',1,0.3333333333333333,['title'],['IT-8']);

insert into classification_coverage values
('all',12,11,1,0,0,0.9166666666666666,0.0,0.9166666666666666),
('jira',12,11,1,0,0,0.9166666666666666,0.0,0.9166666666666666);

insert into data_quality values
('rows','jira','tickets',null,12,'2024-03-20 09:00'),
('days_since_latest','jira','tickets','days from the latest row to the latest load of the source',0.9583333333333334,'2024-03-20 09:00'),
('deleted_rows','jira','tickets',null,0,null);

insert into build_test_results values
('int_tickets','not_null(source_key)',0,[]),
('int_tickets','unique(source_key)',0,[]),
('int_tickets','not_null(assignee)',1,['IT-8 | Can we use Notion? | null']);

insert into ingest_runs (run_id, source, format, file, sha256, bytes, rows_in, loaded, rejected, merged, loaded_at) values
('run-a','jira','jira_csv','exports/jira/tickets.csv','9f2c1e0d4b7a66aa',2048,14,12,1,1,'2024-03-21 08:00:00');

insert into rejects values
('run-a','exports/jira/tickets.csv',7,'Created','cannot read "31/Fbr/24 3:15 PM" as a date','IT-99,Broken row,31/Fbr/24 3:15 PM');
