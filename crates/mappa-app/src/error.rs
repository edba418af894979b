use mappa_domain::ValidationErrors;
use mappa_store::StoreError;

/// What a use case can answer besides success. The edges map these to HTTP
/// statuses and stable error codes.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Unknown, or outside the caller's reach: the same answer for both.
    #[error("not found")]
    NotFound,
    /// Within reach, but the caller's roles do not allow this.
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many failed sign-in attempts")]
    TooManyAttempts,
    /// The password was right but the second factor was missing or refused:
    /// `code_required`, `code_wrong`, `code_expired`, `code_reused` or
    /// `second_factor_setup_required`.
    #[error("second factor refused: {0}")]
    SecondFactor(&'static str),
    /// Within reach, but refused for a reason tied to one field (approving
    /// minutes as someone other than the chair, completing another agency's
    /// action): 403 with the field and a specific code.
    #[error("refused: {}", .0.code)]
    Refused(mappa_domain::FieldError),
    #[error("invalid input")]
    Invalid(ValidationErrors),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(c) => AppError::Conflict(c),
            StoreError::Invalid(v) => AppError::Invalid(v),
            // The whole chain of causes goes to the log (never to the caller).
            other => AppError::Internal(with_sources(&other)),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl AppError {
    /// A sentence for a conflict code, shared by the API, the pages and the command line.
    pub fn conflict_message(code: &str) -> &'static str {
        match code {
            "edited_elsewhere" => {
                "Someone else changed this record since you read it: read it again and reapply your change"
            }
            "already_shared" => "The record is already shared with that agency",
            "agency_code_taken" => "An agency with that code already exists",
            "username_taken" => "That username is taken",
            "already_circulated" => "The person is already circulated as wanted or missing: cancel that first",
            "already_cancelled" => "That circulation has already been cancelled",
            "code_taken" => "That code is already used",
            "already_screened" => "This referral has already been screened",
            "not_returned" => "This referral is not returned for more information, so it cannot be sent again",
            "already_listed" => "The person is already on this meeting's agenda",
            "minutes_approved" => "These minutes have been approved by the chair and can no longer be changed",
            "already_approved" => "These minutes have already been approved",
            "no_minutes" => "There are no minutes to approve yet: write them first",
            "minutes_not_approved" => "Only minutes the chair has approved can be shared",
            "already_decided" => "This request has already been decided",
            "already_pdp" => "This person is already recorded as a potentially dangerous person",
            "not_pdp" => "This person is not currently recorded as a potentially dangerous person",
            "not_to_disclose" => "The decision was not to disclose, so no disclosure can be recorded",
            "already_disclosed" => "This disclosure has already been recorded as made",
            "transfer_open" => "A transfer of this case is already awaiting an answer",
            "action_closed" => "This action is no longer open: it has been done or cancelled",
            "second_factor_already_set_up" => {
                "This account has a second factor already: an administrator can reset it if it is lost"
            }
            _ => "The request conflicts with the current state",
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// An error and each of its sources, for the log.
pub fn with_sources(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": caused by: ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("query failed")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn the_log_gets_every_cause() {
        let e = Outer(std::io::Error::other("disk gone"));
        assert_eq!(super::with_sources(&e), "query failed: caused by: disk gone");
    }
}
