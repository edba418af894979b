-- A time-based second factor (RFC 6238): the confirmed secret, one awaiting
-- its first code, and the last time step used (a code is good once only).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
