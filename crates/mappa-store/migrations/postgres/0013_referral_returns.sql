-- A referral returned for more information and sent again (MTG-6): each
-- round is kept, the question with its answer, so the coordinator screening
-- it again sees what was asked and what was added.
CREATE TABLE referral_returns (
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    asked TEXT NOT NULL,
    returned_by TEXT NOT NULL REFERENCES users(id),
    returned_at TEXT NOT NULL,
    added TEXT NOT NULL,
    sent_again_by TEXT NOT NULL REFERENCES users(id),
    sent_again_at TEXT NOT NULL
);
CREATE INDEX referral_returns_referral ON referral_returns(referral_id);
