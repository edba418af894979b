//! Identifier newtypes. IDs are UUIDv7 (time-ordered) generated in Rust, so both
//! databases index them well and rows never depend on a database sequence.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A person's record (a "nominal").
    NominalId
);
id_type!(
    /// An agency (police force, probation region, prison, duty-to-co-operate body).
    AgencyId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A MAPPA area (CAT-01: one of the 42 in England and Wales).
    AreaId
);
id_type!(
    /// A local unit of an area (a borough, a district).
    UnitId
);
id_type!(
    /// A Level 2 or Level 3 panel.
    PanelId
);
id_type!(
    /// A referral to Level 2 or 3 (MAPPA A).
    ReferralId
);
id_type!(
    /// A panel meeting.
    MeetingId
);
id_type!(
    /// One case on a meeting's agenda.
    MeetingCaseId
);
id_type!(
    /// An action of a risk management plan.
    ActionId
);
id_type!(
    /// A row belonging to a nominal: name, identifier, address, disposal, offence,
    /// decision or share. One type is enough: these rows are only ever addressed
    /// together with their nominal.
    ItemId
);
