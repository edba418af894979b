-- Agency accountability counted ahead: per meeting, case unit and agency,
-- the invitations by attendance and the actions given by how they closed.
-- Rewritten for a meeting in the same transaction as every write to its
-- invitations or actions, so a year's report sums a few thousand rows
-- instead of counting every invitation. Open actions are split into open
-- and overdue at read time (they depend on the day), from actions_open.
CREATE TABLE accountability_counts (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    area_id TEXT NOT NULL REFERENCES areas(id),
    meeting_date TEXT NOT NULL,
    unit_id TEXT REFERENCES local_units(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    invited BIGINT NOT NULL,
    present BIGINT NOT NULL,
    with_report BIGINT NOT NULL,
    without_report BIGINT NOT NULL,
    absent BIGINT NOT NULL,
    not_recorded BIGINT NOT NULL,
    actions BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    late BIGINT NOT NULL,
    cancelled BIGINT NOT NULL
);
CREATE INDEX accountability_counts_meeting ON accountability_counts(meeting_id);
CREATE INDEX accountability_counts_report ON accountability_counts(area_id, meeting_date, unit_id, agency_id);
CREATE INDEX actions_open ON actions(area_id, meeting_date, owner_agency_id, due_date, unit_id) WHERE status = 'open';

INSERT INTO accountability_counts (meeting_id, area_id, meeting_date, unit_id, agency_id, invited, present,
    with_report, without_report, absent, not_recorded, actions, on_time, late, cancelled)
SELECT meeting_id, area_id, meeting_date, unit_id, agency_id, SUM(invited), SUM(present), SUM(with_report),
    SUM(without_report), SUM(absent), SUM(not_recorded), SUM(actions), SUM(on_time), SUM(late), SUM(cancelled)
FROM (
    SELECT mc.meeting_id, i.area_id, i.meeting_date, i.unit_id, i.agency_id, 1 AS invited,
        CASE WHEN i.status = 'present' THEN 1 ELSE 0 END AS present,
        CASE WHEN i.status = 'apologies_with_report' THEN 1 ELSE 0 END AS with_report,
        CASE WHEN i.status = 'apologies' THEN 1 ELSE 0 END AS without_report,
        CASE WHEN i.status = 'absent' THEN 1 ELSE 0 END AS absent,
        CASE WHEN i.status IS NULL THEN 1 ELSE 0 END AS not_recorded,
        0 AS actions, 0 AS on_time, 0 AS late, 0 AS cancelled
    FROM meeting_invitations i JOIN meeting_cases mc ON mc.id = i.meeting_case_id
    UNION ALL
    SELECT mc.meeting_id, x.area_id, x.meeting_date, x.unit_id, x.owner_agency_id, 0, 0, 0, 0, 0, 0, 1,
        CASE WHEN x.status = 'done' AND x.completed_on <= x.due_date THEN 1 ELSE 0 END,
        CASE WHEN x.status = 'done' AND x.completed_on > x.due_date THEN 1 ELSE 0 END,
        CASE WHEN x.status = 'cancelled' THEN 1 ELSE 0 END
    FROM actions x JOIN meeting_cases mc ON mc.id = x.meeting_case_id WHERE x.status <> 'draft'
) counted
GROUP BY meeting_id, area_id, meeting_date, unit_id, agency_id;
