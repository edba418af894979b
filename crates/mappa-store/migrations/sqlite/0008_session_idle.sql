-- Sessions end after a spell without use as well as at their absolute expiry.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
