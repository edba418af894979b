-- LIC-A14: an additional licence condition may have been requested through
-- MAPPA, and is reviewed: the date by which its next review is due.
ALTER TABLE licence_conditions ADD COLUMN requested_through_mappa INTEGER NOT NULL DEFAULT 0;
ALTER TABLE licence_conditions ADD COLUMN review_by TEXT;
ALTER TABLE licence_conditions ADD COLUMN last_reviewed_on TEXT;
CREATE INDEX licence_conditions_review ON licence_conditions(review_by) WHERE review_by IS NOT NULL;
