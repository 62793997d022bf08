-- Twelve tickets over three weeks (Monday weeks, UTC). The data ends on
-- Wednesday 2024-03-20, so the last full week is 2024-03-11 and the week
-- before it 2024-03-04. The marts below are filled by hand to agree with
-- the tickets; the numbers the tests expect are worked out in
-- dashboard_test.go.
insert into int_tickets values
('jira','IT-1','Reset my password','resolved','p3','ann','hd1','IT Helpdesk','','2024-03-04 09:00','2024-03-04 13:00','2024-03-04',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,4,0,0),
('jira','IT-2','Add me to the GitHub org','resolved','p3','bob','eng1','Platform','','2024-03-05 10:00','2024-03-06 10:00','2024-03-04',false,'GitHub',true,'access_request','engineering','Platform','engineering',20,24,0,1),
('jira','IT-3','Password expired','resolved','p3','cat','hd1','IT Helpdesk','','2024-03-06 08:00','2024-03-06 10:00','2024-03-04',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,2,0,0),
('jira','IT-4','VPN drops every hour','open','p2','dan','hd2','IT Helpdesk','','2024-03-07 12:00',null,'2024-03-04',true,'VPN',true,'vpn','it','IT Helpdesk','it',30,null,0,0),
('jira','IT-5','Reset password please','resolved','p3','eve','hd1','IT Helpdesk','','2024-03-11 09:00','2024-03-11 15:00','2024-03-11',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,6,0,0),
('jira','IT-6','GitHub access for new hire','resolved','p3','fay','eng2','Platform','','2024-03-12 09:00','2024-03-14 09:00','2024-03-11',false,'GitHub',true,'access_request','engineering','Platform','engineering',20,48,0,0),
('jira','IT-7','Locked out, reset password','resolved','p3','gus','hd1','IT Helpdesk','','2024-03-13 09:00','2024-03-13 10:00','2024-03-11',false,'Okta',true,'password_reset','it','IT Helpdesk','it',10,1,0,0),
('jira','IT-8','Can we use Notion?','open','p4','hal','','','','2024-03-14 09:00',null,'2024-03-11',true,'Notion',false,'other',null,'Unassigned','other',30,null,0,0),
('jira','IT-9','Need GitHub team access','resolved','p3','ivy','eng1','Platform','','2024-03-15 09:00','2024-03-18 09:00','2024-03-11',false,'GitHub',true,'access_request','engineering','Platform','engineering',20,72,1,0),
('jira','IT-10','Okta MFA not working','open','p2','jay','hd2','IT Helpdesk','','2024-03-18 09:00',null,'2024-03-18',true,'Okta',true,'password_reset','it','IT Helpdesk','it',10,null,0,0),
('jira','IT-11','VPN certificate','resolved','p3','kim','hd2','IT Helpdesk','','2024-03-19 09:00','2024-03-19 11:00','2024-03-18',false,'VPN',true,'vpn','it','IT Helpdesk','it',30,2,0,0),
('jira','IT-12','GitHub SSO error','open','p3','lee','eng2','Platform','','2024-03-20 09:00',null,'2024-03-18',true,'GitHub',true,'access_request','engineering','Platform','engineering',20,null,0,0);

insert into volume_by_tool values
('2024-03-04','GitHub',1,0.25,0,null),
('2024-03-04','Okta',2,0.5,0,null),
('2024-03-04','VPN',1,0.25,0,null),
('2024-03-11','GitHub',2,0.4,1,1.0),
('2024-03-11','Notion',1,0.2,0,null),
('2024-03-11','Okta',2,0.4,2,0.0),
('2024-03-18','GitHub',1,0.3333333333333333,2,-0.5),
('2024-03-18','Okta',1,0.3333333333333333,2,-0.5),
('2024-03-18','VPN',1,0.3333333333333333,0,null);

-- Resolution hours: Okta 4, 2, 6, 1; GitHub 24, 48, 72; VPN 2.
insert into time_to_resolve values
('overall','all',8,5.0,55.2,19.875),
('tool','GitHub',3,48.0,67.2,48.0),
('tool','Okta',4,3.0,5.4,3.25),
('tool','VPN',1,2.0,2.0,2.0),
('intent','access_request',3,48.0,67.2,48.0),
('intent','password_reset',4,3.0,5.4,3.25),
('intent','vpn',1,2.0,2.0,2.0),
('week','2024-03-04',3,4.0,20.0,10.0),
('week','2024-03-11',3,6.0,39.6,18.333333333333332),
('week','2024-03-18',2,37.0,65.0,37.0);

insert into interruptions values
('2024-03-04','Platform','engineering','it_work_to_engineering',3,1,0.5,0.5,0.0,0.7666666666666667,1.0,100.0,100.0),
('2024-03-11','Platform','engineering','it_work_to_engineering',3,2,1.0,0.75,0.0,1.15,1.75,100.0,175.0),
('2024-03-11','IT Helpdesk','it','engineering_work_to_it',1,1,0.5,0.25,0.0,0.3833333333333333,0.75,60.0,45.0);

insert into interruptions_by_person values
('person-0a1b2c3d','Platform',2,0.6666666666666666,0.3333333333333333),
('person-1b2c3d4e','Platform',1,0.3333333333333333,0.16666666666666666),
('person-2c3d4e5f','Platform',1,0.3333333333333333,0.16666666666666666),
('person-3d4e5f60','Platform',1,0.3333333333333333,0.16666666666666666),
('person-4e5f6071','Platform',1,0.3333333333333333,0.16666666666666666),
('person-5f607182','IT Helpdesk',1,0.75,1.0);

insert into automation_candidates values
(1,'password_reset','it',5,1.6666666666666667,10.0,0.0,0.0,0.0,0.2777777777777778,0.9629629629629629,['IT-1','IT-3','IT-5']),
(2,'access_request','engineering',4,1.3333333333333333,20.0,0.0,0.0,0.25,0.3333333333333333,1.5407407407407407,['IT-2','IT-6','IT-9']);

insert into ingest_runs values
('run-a','jira','jira_csv','exports/jira/tickets.csv','9f2c1e0d4b7a66aa',2048,14,12,1,1,'2024-03-21 08:00:00');

insert into rejects values
('run-a','exports/jira/tickets.csv',7,'Created','cannot read "31/Fbr/24 3:15 PM" as a date','IT-99,Broken row,31/Fbr/24 3:15 PM');
