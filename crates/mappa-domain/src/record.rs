//! The read model of a whole record, as pages and the API show it.

use crate::address::Address;
use crate::disposal::Disposal;
use crate::ids::{AgencyId, ItemId, NominalId, UserId};
use crate::mappa_case::{Decision, MappaCase};
use crate::nominal::NominalDetails;
use serde::Serialize;

/// An agency named in a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgencyRef {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
}

/// A user named in a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UserRef {
    pub id: UserId,
    pub name: String,
}

crate::coded_enum!(
    /// Who in the agency a share reaches.
    ShareAudience {
        Agency = "agency" : "Everyone in the agency who works cases",
        Mappa = "mappa" : "The agency's MAPPA coordinators and chairs",
    }
);

crate::coded_enum!(
    /// What gave the agency sight of the record (one access model: every
    /// grant is a share with its reason and its end).
    ShareBasis {
        Manual = "manual" : "Shared by the owning agency",
        Referral = "referral" : "Referral to level 2 or 3",
        Meeting = "meeting" : "Invited to a MAPPA meeting",
        Minutes = "minutes" : "Minutes shared with the meeting's or the chair's agreement",
        Transfer = "transfer" : "A transfer to this agency's area, until it is answered",
        Handover = "handover" : "Handover after the case moved to another area",
    }
);

/// A sharing decision; withdrawn shares stay as history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Share {
    pub id: ItemId,
    pub agency: AgencyRef,
    pub audience: ShareAudience,
    pub basis: ShareBasis,
    pub reason: String,
    pub shared_by: UserRef,
    pub shared_at: String,
    pub withdrawn_at: Option<String>,
    pub withdrawn_by: Option<UserRef>,
    pub withdrawal_reason: Option<String>,
}

impl Share {
    pub fn is_active(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}

/// Who holds a record, from its owner and its shares (active ones count).
pub fn reach_of(owner: crate::ids::AgencyId, shares: &[Share]) -> crate::access::RecordReach {
    let active =
        |a: ShareAudience| shares.iter().filter(move |x| x.is_active() && x.audience == a).map(|x| x.agency.id);
    crate::access::RecordReach {
        owning_agency: owner,
        shared_with: active(ShareAudience::Agency).collect(),
        mappa_shared_with: active(ShareAudience::Mappa).collect(),
    }
}

/// A whole record.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NominalRecord {
    pub id: NominalId,
    pub owning_agency: AgencyRef,
    pub offender_manager: Option<UserRef>,
    #[serde(flatten)]
    pub details: NominalDetails,
    pub mappa: MappaCase,
    pub lead_agency: Option<AgencyRef>,
    /// Increases by one with every change; an edit names the version it read.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub addresses: Vec<Address>,
    pub disposals: Vec<Disposal>,
    pub decisions: Vec<Decision>,
    pub shares: Vec<Share>,
}

/// One line of a list of people (search results, caseload).
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct NominalSummary {
    pub id: NominalId,
    pub surname: String,
    pub forenames: String,
    pub date_of_birth: jiff::civil::Date,
    /// The owning agency's code.
    pub owning_agency: String,
    /// Its name.
    pub owning_agency_name: String,
    pub category: Option<u8>,
    pub level: Option<u8>,
    pub pnc: Option<String>,
}

impl std::fmt::Debug for NominalSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NominalSummary({})", self.id)
    }
}

/// The key names are searched by: transliterated to ASCII, lower case, words
/// separated by single spaces. A name with an apostrophe is keyed both joined
/// and split, so "O'Brien" is found by "obrien" and by "o brien".
pub fn search_key(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let words =
        |s: &str| s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let joined = words(&ascii.replace('\'', ""));
    let split = words(&ascii);
    if joined == split { joined } else { format!("{joined} {split}") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_keys_fold_accents_and_punctuation() {
        assert_eq!(super::search_key("Zoë  O'Brien-Smith"), "zoe obrien smith zoe o brien smith");
        assert_eq!(super::search_key("Zoë Smith"), "zoe smith");
        assert_eq!(super::search_key("ŁUKASZ"), "lukasz");
    }
}
