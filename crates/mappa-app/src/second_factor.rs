//! A time-based second factor (RFC 6238: six digits, 30-second steps,
//! HMAC-SHA-1, as every authenticator app takes them), with the well-kept
//! `totp-rs` crate. A code is accepted for the current step and one either
//! side (clock drift), once only: the step it matched is kept, and a code for
//! that step or an earlier one is refused as reused.

use totp_rs::{Builder, Secret, Totp};

/// How a code fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, for this time step.
    Accepted {
        step: u64,
    },
    /// Right, but for a step used already.
    Reused,
    /// Right, but for a step too long ago.
    Expired,
    Wrong,
}

impl CodeCheck {
    /// The stable code of a refusal.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            CodeCheck::Accepted { .. } => None,
            CodeCheck::Reused => Some("code_reused"),
            CodeCheck::Expired => Some("code_expired"),
            CodeCheck::Wrong => Some("code_wrong"),
        }
    }
}

fn totp(secret_base32: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new().with_secret(secret).build().ok()
}

/// A new secret (160 random bits, as RFC 4226 recommends), in base32.
pub fn new_secret() -> String {
    Secret::from(rand::random::<[u8; 20]>()).to_base32()
}

/// The address authenticator apps read (often from a QR code).
pub fn otpauth_uri(username: &str, secret_base32: &str) -> String {
    let account: String = username
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    format!("otpauth://totp/mappa:{account}?secret={secret_base32}&issuer=mappa&algorithm=SHA1&digits=6&period=30")
}

/// The code for a moment (Unix seconds): for tests and demonstrations.
pub fn code_at(secret_base32: &str, unix: u64) -> Option<String> {
    totp(secret_base32).map(|t| t.generate(unix).to_string())
}

/// Checks `code` at `unix` seconds, given the last step accepted before.
pub fn check(secret_base32: &str, code: &str, unix: u64, last_step: Option<u64>) -> CodeCheck {
    let Some(t) = totp(secret_base32) else { return CodeCheck::Wrong };
    let code = code.trim();
    match t.check(code, unix) {
        Some(step) if last_step.is_some_and(|l| step <= l) => CodeCheck::Reused,
        Some(step) => CodeCheck::Accepted { step },
        // Right for a step up to ten minutes ago: expired, not wrong.
        None if (2..=20u64).any(|back| t.check(code, unix.saturating_sub(back * 30)).is_some()) => CodeCheck::Expired,
        None => CodeCheck::Wrong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, with eight digits cut to the last six.
    #[test]
    fn rfc_6238_vectors() {
        let secret = Secret::from(*b"12345678901234567890").to_base32();
        for (unix, eight) in [(59u64, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924")] {
            assert_eq!(code_at(&secret, unix).as_deref(), Some(&eight[2..]), "{unix}");
        }
    }

    #[test]
    fn codes_are_accepted_once_within_a_step_either_side() {
        let s = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&s, now).unwrap();
        let step = now / 30;
        assert_eq!(check(&s, &code, now, None), CodeCheck::Accepted { step });
        assert_eq!(check(&s, &code, now + 30, None), CodeCheck::Accepted { step }, "drift");
        assert_eq!(check(&s, &code, now, Some(step)), CodeCheck::Reused);
        assert_eq!(check(&s, &code, now + 300, None), CodeCheck::Expired);
        assert_eq!(check(&s, "000000", now, None).refusal(), Some("code_wrong"));
        assert_eq!(check("not base32!", &code, now, None), CodeCheck::Wrong);
        assert!(otpauth_uri("a.b", &s).starts_with("otpauth://totp/mappa:a.b?secret="));
    }
}
