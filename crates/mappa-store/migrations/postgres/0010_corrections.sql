-- Mistakes put right: a fact that was wrong is withdrawn with a reason, not
-- deleted, so its old value stays in the record's history; a correction
-- withdraws it and names the fact recorded in its place (corrected_to).
ALTER TABLE addresses ADD COLUMN withdrawn_at TEXT;
ALTER TABLE addresses ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE addresses ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE addresses ADD COLUMN corrected_to TEXT;
ALTER TABLE disposals ADD COLUMN withdrawn_at TEXT;
ALTER TABLE disposals ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE disposals ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE disposals ADD COLUMN corrected_to TEXT;
ALTER TABLE mappa_decisions ADD COLUMN withdrawn_at TEXT;
ALTER TABLE mappa_decisions ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE mappa_decisions ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE mappa_decisions ADD COLUMN corrected_to TEXT;
ALTER TABLE notifications ADD COLUMN withdrawn_at TEXT;
ALTER TABLE notifications ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE notifications ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE notifications ADD COLUMN corrected_to TEXT;
ALTER TABLE periods ADD COLUMN withdrawn_at TEXT;
ALTER TABLE periods ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE periods ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE periods ADD COLUMN corrected_to TEXT;
ALTER TABLE civil_orders ADD COLUMN withdrawn_at TEXT;
ALTER TABLE civil_orders ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE civil_orders ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE civil_orders ADD COLUMN corrected_to TEXT;
ALTER TABLE risk_assessments ADD COLUMN withdrawn_at TEXT;
ALTER TABLE risk_assessments ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE risk_assessments ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE risk_assessments ADD COLUMN corrected_to TEXT;
ALTER TABLE visits ADD COLUMN withdrawn_at TEXT;
ALTER TABLE visits ADD COLUMN withdrawn_by TEXT REFERENCES users(id);
ALTER TABLE visits ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE visits ADD COLUMN corrected_to TEXT;
