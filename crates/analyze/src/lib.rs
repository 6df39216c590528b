//! The analyzer of quytrinh: the 8 criteria of a fully online public service (dịch vụ công trực
//! tuyến toàn trình, Thông tư 01/2023/TT-VPCP), levels, blockers and their remedies, measures,
//! group findings, ranked re-engineering targets and the Điều 16 selection list, under version 2
//! of the rules (documented for users in `docs/RULES.md`).
//!
//! Pure functions from the model to results: nothing here prints, exits, reads files or looks
//! at the clock. The rule set (criteria, causes, findings, legal sources with their verified
//! flag) is one table in [`rules`]; the reports in [`mod@format`] are plain `String` builders.
//!
//! Version 2 judges criteria 3, 4, 5, 6 and 8 along the applicant's *best strategy* (the
//! choices `chosen_by: "applicant"` let them make; every agency decision and refusal may
//! happen), reports what breaks a criterion outside it as `optional_channel` findings, counts
//! trips on the timeline of earliest starts, and names the level `partial_below_criteria`.
//!
//! # JSON output (`quytrinh analyze --format json`), schema version 2
//!
//! ```text
//! { "schema_version": 2, "rules": "TT01-2023", "rules_version": 2, "rule_set": "…",
//!   "lang": "vi", "field_verification": "blocks",
//!   "procedures": [ { "code", "name", "authority"?, "level", "legacy_level",
//!       "criteria": { "1": "met" | "unmet" | "not_applicable", … "8": … },
//!       "missing_for_partial": [n], "missing_for_full": [n],
//!       "strategy_steps": [step ids], "choices"?: [[choice step, option's first step]],
//!       "group"?: code,
//!       "blockers": [ { "procedure", "criterion", "step", "document", "reason", "remedy",
//!                       "reason_category", "justified", "required_by"?, "rule" ("TC1"…"TC8"),
//!                       "cause", "cause_code", "clause", "channel"?, "applicant_visit",
//!                       "trips_saved", "basis": [basis], "step_name"?, "document_name"?,
//!                       "available_from"? } ],
//!       "findings": [ { "kind", "code", "clause", "basis": [basis], …evidence…, "reason",
//!                       "remedy" } ],
//!       "applicant_visits", "critical_path_days", "critical_path": [step ids], "hand_offs",
//!       "time_limit_days"?, "annual_volume"?,
//!       "source"?: { "file", "line" },
//!       "must_publish"?: [ { "reason_category", "legal_provision", "criteria", "at" } ] } ],
//!   "groups": [ { "code", "name", "level", "members": [codes], "findings": [...],
//!                 "applicant_visits", "critical_path_days", "critical_chain": [codes],
//!                 "time_limit_days"? } ],
//!   "targets": [ { "rank", "code", "name", "step", "document", "criterion", "rule",
//!                  "yearly_visits_saved", "criteria_broken", "justified", "reason_category",
//!                  "remedy" } ],
//!   "summary": { "procedures", "full_online", "partial_online", "partial_below_criteria",
//!                "information_only", "offline", "groups", "blockers", "justified_blockers" } }
//! basis: { "document", "provision": string | null, "verified": bool, "from_model"?: true,
//!          "criterion"?: n }
//! ```
//!
//! Level strings, lowest first: `offline`, `information_only`, `partial_below_criteria`,
//! `partial_online`, `full_online`. Finding kinds: `timing` (`F-TIMING`),
//! `field_verification` (`F-FIELD-VERIFICATION`), `once_only` (`F-ONCE-ONLY`), `link`
//! (`F-LINK`), `single_window` (`F-SINGLE-WINDOW`), `optional_channel`
//! (`F-OPTIONAL-CHANNEL`). Their evidence fields: timing `critical_path_days`,
//! `time_limit_days`, `path`; field_verification `step`, `step_name`, `required_by`?;
//! once_only `procedures`, `document`, and either `asked` (+ `available_from` within one
//! procedure) or `procedure`, `step`, `document_name`, `produced_by`, `linked` (a member's
//! result asked from the applicant); link `from`, `to`, `channel`, `label`?; single_window
//! `procedures`, `steps`; optional_channel `criterion`, `step`, `step_name`, `instead`. Fields
//! may be added; none is renamed or dropped without raising `schema_version`.

#![warn(missing_docs)]

pub mod annotate;
pub mod format;
pub mod github;
mod group;
mod json;
mod par;
mod procedure;
mod report;
pub mod rules;
pub mod sarif;
mod select;
mod stream;
mod targets;
pub mod text;
mod timing;

use quytrinh_model::{Catalog, Lang};
use serde::Serialize;

pub use group::{MemberMeasures, analyze_group, analyze_group_with, membership, normalize_name};
pub use procedure::{
    Membership, analyze_member, analyze_member_in, analyze_procedure, legacy_level_from, level_of,
    trips_if_online,
};
pub use report::{
    Asked, Basis, Blocker, Criteria, Finding, FindingDetail, GroupAnalysis, Level,
    ProcedureAnalysis, PublishedReason, Report, SCHEMA_VERSION, SourceRef, Status, Summary, Target,
};
pub use rules::{Cause, FindingKind, ReasonCategory, RuleSet, SourceId};
pub use select::{Selection, SelectionRow, select};
pub use stream::{Analyser, Finished, JsonReport, ProcedureEntry, StreamingAnalysis};
pub use targets::rank_targets;

/// How on-site verification (channel `field`) counts for criterion 6 (RULES.md, "Policy").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldVerification {
    /// A `field` step makes criterion 6 unmet (the default; Nghị định 224/2026/NĐ-CP, Điều 14
    /// lists on-site verification among the reasons a service may stay partial).
    #[default]
    Blocks,
    /// A `field` step does not make criterion 6 unmet but is reported as a `field_verification`
    /// finding.
    Allowed,
}

/// What the analysis is asked to do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Config {
    /// How on-site verification counts for criterion 6.
    pub field_verification: FieldVerification,
    /// The language of the `reason` and `remedy` texts in the results.
    pub lang: Lang,
}

/// How each procedure of the catalogue is judged: as a member of the first group that has it
/// (rules v2: reported once, with its verdict as a member), or on its own (`None`).
pub fn memberships(catalog: &Catalog) -> Vec<Option<Membership>> {
    let mut out: Vec<Option<Membership>> = vec![None; catalog.procedures.len()];
    for g in &catalog.groups {
        for &id in &g.members {
            let Some(l) = catalog.procedure(id) else {
                continue;
            };
            if let Some(slot) = out.get_mut(id.0)
                && slot.is_none()
            {
                *slot = Some(group::membership(g, &l.procedure));
            }
        }
    }
    out
}

/// Analyses every procedure and group of a catalogue and ranks the targets. Procedures come in
/// catalogue order (each once, group members included), then groups in catalogue order.
/// With the `parallel` feature, procedures, then groups, are analysed on rayon's threads
/// (each independently of the others).
pub fn analyze_catalog(catalog: &Catalog, config: &Config) -> Report {
    let memberships = memberships(catalog);
    let indexed: Vec<(usize, &quytrinh_model::LoadedProcedure)> =
        catalog.procedures.iter().enumerate().collect();
    let procedures: Vec<ProcedureAnalysis> = par::map(&indexed, |&(i, l)| {
        let membership = memberships.get(i).cloned().flatten().unwrap_or_default();
        ProcedureAnalysis {
            source: Some(SourceRef::of(&l.origin)),
            ..analyze_member(&l.procedure, config, &membership)
        }
    });
    let groups: Vec<GroupAnalysis> = par::map(&catalog.groups, |g| {
        let members: Vec<(&quytrinh_model::Procedure, MemberMeasures)> = g
            .members
            .iter()
            .filter_map(|&id| {
                Some((
                    &catalog.procedure(id)?.procedure,
                    MemberMeasures::of(procedures.get(id.0)?),
                ))
            })
            .collect();
        let (procs, measures): (Vec<_>, Vec<_>) = members.into_iter().unzip();
        group::group_analysis(g, &procs, &measures, config)
    });
    let seeds: Vec<targets::Seed> = par::map(&procedures, targets::Seed::of);
    let mut ranking = targets::Ranking::default();
    for seed in seeds {
        ranking.push(seed);
    }
    let ranked = ranking.rank();
    let targets = (0..ranked.len())
        .filter_map(|i| ranked.get(i, config.lang).map(|t| t.to_owned()))
        .collect();
    let mut summary = Summary {
        procedures: procedures.len(),
        groups: groups.len(),
        ..Summary::default()
    };
    for p in &procedures {
        summary.add(p.level);
        summary.blockers += p.blockers.len();
        summary.justified_blockers += p.blockers.iter().filter(|b| b.justified).count();
    }
    let rule_set = rules::RULE_SET;
    Report {
        schema_version: SCHEMA_VERSION,
        rules: rule_set.id(),
        rules_version: rule_set.version(),
        rule_set: rule_set.title(),
        lang: config.lang.pick("vi", "en"),
        field_verification: config.field_verification,
        summary,
        procedures,
        groups,
        targets,
        rule_set_kind: rule_set,
    }
}
