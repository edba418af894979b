//! Every rule that `shared/domain/rules.md` marks CONFIRMED in the sections on
//! MAPPA eligibility (1), notification (3), civil orders (4), licences (5) and
//! risk (7) is cited in the domain's code (where the law is code) or in a
//! test: either it is implemented, or the code says in the rule's own terms
//! why it needs none.

use std::path::{Path, PathBuf};

const SECTIONS: [u32; 5] = [1, 3, 4, 5, 7];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Rule IDs in the given sections whose status says CONFIRMED (for all or
/// part of the rule), in the order they appear.
fn confirmed_rule_ids(rules_md: &str) -> Vec<String> {
    let mut section = 0;
    let mut ids = Vec::new();
    for line in rules_md.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            section = rest.split('.').next().and_then(|n| n.trim().parse().ok()).unwrap_or(0);
            continue;
        }
        if !SECTIONS.contains(&section) || !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let (Some(id), Some(status)) = (cells.first(), cells.last()) else { continue };
        if is_rule_id(id) && says_confirmed(status) {
            ids.push((*id).to_string());
        }
    }
    ids
}

/// `NOTIF-14`, `CAT-2a`, `LIC-S8`: capitals, then one or more hyphenated parts.
fn is_rule_id(s: &str) -> bool {
    let mut parts = s.split('-');
    let head = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !head.is_empty()
        && head.bytes().all(|b| b.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// "CONFIRMED" as a word of its own, not inside "UNCONFIRMED".
fn says_confirmed(status: &str) -> bool {
    status.match_indices("CONFIRMED").any(|(i, _)| !status[..i].ends_with("UN"))
}

/// Whether `id` occurs in `text` as a whole ID (`CAT-2` is not `CAT-2a`).
fn cites(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + id.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() && name != "node_modules" && name != "target" {
            sources(&p, out);
        } else if ["rs", "mjs", "js"].iter().any(|x| name.ends_with(&format!(".{x}"))) {
            out.push(p);
        }
    }
}

/// The domain's code and unit tests, and every test folder in the workspace,
/// less this file (which names no rule).
fn code_and_tests() -> String {
    let root = workspace();
    let mut files = Vec::new();
    sources(&root.join("crates/mappa-domain/src"), &mut files);
    sources(&root.join("tests"), &mut files);
    for krate in std::fs::read_dir(root.join("crates")).expect("the crates folder").flatten() {
        sources(&krate.path().join("tests"), &mut files);
    }
    let me = Path::new(file!()).file_name().unwrap();
    files
        .iter()
        .filter(|f| f.file_name() != Some(me))
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_confirmed_rule_of_sections_1_3_4_5_and_7_is_cited_in_the_domain_or_a_test() {
    let path = workspace().join("../shared/domain/rules.md");
    let rules_md = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} must be readable beside the repository: {e}", path.display()));
    let ids = confirmed_rule_ids(&rules_md);
    // Guards against a change of layout that would make the list empty.
    assert!(ids.len() >= 80, "only {} CONFIRMED rules found: has rules.md changed shape?", ids.len());
    for id in ["NOTIF-14", "CAT-01", "SHPO-8", "RM-1", "LIC-S8"] {
        assert!(ids.iter().any(|i| i == id), "{id} should be read as CONFIRMED");
    }
    assert!(!ids.iter().any(|i| i == "MTG-3"), "section 2 is not checked");
    assert!(!ids.iter().any(|i| i == "REV-07"), "UNCONFIRMED rules are not checked");
    let code = code_and_tests();
    let missing: Vec<&String> = ids.iter().filter(|id| !cites(&code, id)).collect();
    assert!(missing.is_empty(), "CONFIRMED in rules.md but cited nowhere in the domain or a test: {missing:?}");
}

#[test]
fn citations_match_whole_ids_only() {
    assert!(cites("see CAT-2 here", "CAT-2"));
    assert!(!cites("see CAT-2a here", "CAT-2"));
    assert!(!cites("NOTIF-140", "NOTIF-14"));
    assert!(cites("(NOTIF-14)", "NOTIF-14"));
    assert!(!cites("XCAT-2", "CAT-2"));
    assert!(says_confirmed("CONFIRMED: S10") && says_confirmed("Partly CONFIRMED: S28"));
    assert!(!says_confirmed("**UNCONFIRMED** (cut off)"));
    assert!(says_confirmed("E&W section UNCONFIRMED. CONFIRMED by s129"));
    assert!(is_rule_id("LIC-S8") && is_rule_id("CAT-2a") && !is_rule_id("CRD") && !is_rule_id("Item"));
}
