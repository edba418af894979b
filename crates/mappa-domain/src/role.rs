//! Roles a user can hold. Capabilities per role live in `access`, so this file
//! only names them (VIS-06 is the baseline the roles were drawn from).

use crate::coded_enum;

coded_enum!(
    /// A user's role; a user holds one or more.
    Role {
        Admin = "admin" : "Administrator",
        Manager = "manager" : "Offender manager",
        Supervisor = "supervisor" : "Supervisor",
        Reception = "reception" : "Reception officer",
        Coordinator = "coordinator" : "MAPPA coordinator",
        Chair = "chair" : "Meeting chair",
        Partner = "partner" : "Partner agency practitioner",
        Analyst = "analyst" : "Analyst",
        LayAdviser = "lay_adviser" : "Lay adviser",
        Auditor = "auditor" : "Auditor",
        VictimLiaison = "victim_liaison" : "Victim liaison officer",
    }
);
