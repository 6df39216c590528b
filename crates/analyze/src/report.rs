//! The results: what `analyze --format json` writes (schema version 2, see the crate docs).

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

pub use quytrinh_model::Level;
use quytrinh_model::{Channel, Lang};

use crate::rules::{self, Cause, FindingKind, ReasonCategory, RuleSet};
use crate::text;

/// The version of the JSON output; raised when a field changes meaning or goes away (2: rules
/// version 2).
pub const SCHEMA_VERSION: u32 = 2;

/// One legal reference of a blocker or finding: a row of [`rules::SOURCES`], or the model's
/// own words (`required_by`, `legal_basis`), which are never verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// The legal document (`Thông tư 01/2023/TT-VPCP`), or the model's own words. Borrowed
    /// from the table of sources, owned for the model's words: a blocker's references are made
    /// for every blocker of a large catalogue.
    pub document: Cow<'static, str>,
    /// The article, clause or point, where the source gives one.
    pub provision: Option<Cow<'static, str>>,
    /// The wording the tool relies on was checked against the source summaries.
    pub verified: bool,
    /// Written by the model itself (`required_by`, `legal_basis`), not by the tool.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_model: bool,
    /// Which criterion of the document is meant, where it has no article number to give
    /// (`tiêu chí 4 đối với dịch vụ công trực tuyến toàn trình`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<u8>,
}

impl Basis {
    /// A row of the table of sources.
    pub fn source(id: rules::SourceId) -> Basis {
        let s = rules::source(id);
        Basis {
            document: Cow::Borrowed(s.document),
            provision: s.provision.map(Cow::Borrowed),
            verified: s.verified,
            from_model: false,
            criterion: None,
        }
    }

    /// Criterion `n` of a fully online service (Thông tư 01/2023/TT-VPCP).
    pub fn criterion(n: u8) -> Basis {
        Basis {
            criterion: Some(n),
            ..Basis::source(rules::SourceId::Criteria)
        }
    }

    /// The model's own words.
    pub fn model(text: &str) -> Basis {
        Basis {
            document: Cow::Owned(text.to_owned()),
            provision: None,
            verified: false,
            from_model: true,
            criterion: None,
        }
    }

    /// `document, provision`, with "(chưa đối chiếu)" / "(not verified)" where not verified.
    pub fn cite(&self, lang: Lang) -> String {
        let mut s = self.document.clone().into_owned();
        if let Some(p) = &self.provision {
            s.push_str(", ");
            s.push_str(p);
        }
        if let Some(n) = self.criterion {
            s.push_str(&match lang {
                Lang::Vi => format!(", tiêu chí {n} đối với dịch vụ công trực tuyến toàn trình"),
                Lang::En => format!(", criterion {n} of a fully online public service"),
            });
        }
        if self.from_model {
            s.push(' ');
            s.push_str(lang.pick("(theo mô hình)", "(as the model states)"));
        } else if !self.verified {
            s.push(' ');
            s.push_str(lang.pick("(chưa đối chiếu)", "(not verified)"));
        }
        s
    }

    /// Every reference of a list, cited and joined.
    pub fn cite_all(basis: &[Basis], lang: Lang) -> String {
        basis
            .iter()
            .map(|b| b.cite(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The `clause` text of a list of references: the tool's own, joined (the model's words are
/// left to `basis`).
/// Where the references are all the model's own (a `timing` finding), those, marked as the
/// model's words.
pub(crate) fn clause_of(basis: &[Basis]) -> String {
    let tool: Vec<String> = basis
        .iter()
        .filter(|b| !b.from_model)
        .map(|b| b.cite(Lang::Vi))
        .collect();
    if !tool.is_empty() {
        return tool.join("; ");
    }
    Basis::cite_all(basis, Lang::Vi)
}

/// The state of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The criterion is met.
    Met,
    /// The criterion is broken: a blocker says where.
    Unmet,
    /// The criterion does not apply (criterion 5 when no fee is due).
    NotApplicable,
}

impl Status {
    /// Met or not applicable.
    pub fn is_ok(self) -> bool {
        self != Status::Unmet
    }

    /// ✓, ✗ or –.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Met => "✓",
            Status::Unmet => "✗",
            Status::NotApplicable => "–",
        }
    }
}

/// The 8 criteria; serialised as `{"1": "met", …, "8": "unmet"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criteria(pub [Status; 8]);

impl Criteria {
    /// The status of criterion `n` (1 to 8); unmet for a number out of range.
    pub fn get(&self, n: u8) -> Status {
        usize::from(n)
            .checked_sub(1)
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or(Status::Unmet)
    }

    /// `(number, status)` for criteria 1 to 8.
    pub fn iter(&self) -> impl Iterator<Item = (u8, Status)> + '_ {
        (1u8..).zip(self.0.iter().copied())
    }

    /// All of `numbers` met or not applicable.
    pub fn all_ok(&self, numbers: &[u8]) -> bool {
        numbers.iter().all(|&n| self.get(n).is_ok())
    }
}

impl Serialize for Criteria {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(8))?;
        for (n, status) in self.iter() {
            map.serialize_entry(&n.to_string(), &status)?;
        }
        map.end()
    }
}

/// One step or document that breaks a criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocker {
    /// The procedure code.
    pub procedure: String,
    /// The criterion number, 1 to 8.
    pub criterion: u8,
    /// The step id (null for criteria 1, 2, 7, a fee with no `pay` step, a missing `return_result`
    /// step).
    pub step: Option<String>,
    /// The document id, for a document that breaks the criterion (`step` is where it is asked).
    pub document: Option<String>,
    /// What is wrong, in the report's language.
    pub reason: String,
    /// What would fix it, in the report's language.
    pub remedy: String,
    /// Which reason for staying partial it falls under (Nghị định 224/2026/NĐ-CP, Điều 14).
    pub reason_category: ReasonCategory,
    /// The step (or, for a document blocker, the document) has a `required_by` provision.
    pub justified: bool,
    /// The provision from `required_by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_by: Option<String>,
    /// The criterion's stable code (`TC1` … `TC8`).
    pub rule: &'static str,
    /// What breaks it, and its stable code (`TC6-PRESENCE`, …).
    pub cause: Cause,
    /// The stable code of the cause (`TC6-PRESENCE`, …).
    pub cause_code: &'static str,
    /// The legal source.
    pub clause: String,
    /// The step's channel, when the blocker has a step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// This blocker's step is an applicant-facing step in person (it counts towards the trips).
    pub applicant_visit: bool,
    /// Trips of the applicant saved a year per dossier if this step were online (rules v2:
    /// the analysis run again with the best strategy chosen again).
    pub trips_saved: u32,
    /// The legal references (rules v2).
    pub basis: Vec<Basis>,
    /// The step's name, for the sentences of the reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_name: Option<String>,
    /// The document's name, for the sentences of the reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
    /// Where the document is already held (`available_from`): the once-only remedy applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_from: Option<String>,
}

impl Blocker {
    /// The reason in `lang`.
    pub fn reason_in(&self, lang: Lang) -> String {
        text::blocker_reason(self, lang)
    }

    /// The remedy in `lang`.
    pub fn remedy_in(&self, lang: Lang) -> String {
        text::blocker_remedy(self, lang)
    }

    /// Fills `reason` and `remedy` in `lang`.
    pub(crate) fn with_text(mut self, lang: Lang) -> Self {
        self.reason = self.reason_in(lang);
        self.remedy = self.remedy_in(lang);
        self
    }
}

/// A finding that is not a criterion blocker: timing, on-site verification, once-only, links,
/// single window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of finding it is.
    pub kind: FindingKind,
    /// Stable code (`F-TIMING`, …).
    pub code: &'static str,
    /// The legal sources, cited in one line (the tool's own where it has any).
    pub clause: String,
    /// The legal references (rules v2).
    pub basis: Vec<Basis>,
    /// The evidence; its fields are written into the finding object.
    #[serde(flatten)]
    pub detail: FindingDetail,
    /// What was found, in the report's language.
    pub reason: String,
    /// What would fix it, in the report's language.
    pub remedy: String,
}

/// The evidence of a finding; its fields are written into the finding object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum FindingDetail {
    /// The critical path exceeds the time limit.
    Timing {
        /// The length of the critical path (a group: of its critical chain), in working days.
        critical_path_days: f64,
        /// The time limit (thời hạn giải quyết) the model gives, in working days.
        time_limit_days: f64,
        /// The steps (a group: the members) along the critical path, in order.
        path: Vec<String>,
    },
    /// A `field` step under `--field-verification allowed`.
    FieldVerification {
        /// The step id.
        step: String,
        /// The step's name.
        step_name: String,
        /// The provision that requires the verification, as the model gives it.
        #[serde(skip_serializing_if = "Option::is_none")]
        required_by: Option<String>,
    },
    /// A member procedure asks the applicant for another member's result.
    ResultAsked {
        /// The two members: the producer, then the one that asks.
        procedures: Vec<String>,
        /// The procedure that asks.
        procedure: String,
        /// The step that asks for it.
        step: String,
        /// The id of the document asked for.
        document: String,
        /// The name of the document asked for.
        document_name: String,
        /// The member whose result it is.
        produced_by: String,
        /// A link from the producer to the asking member already exists.
        linked: bool,
    },
    /// The same document asked from the applicant by two or more members, or one the
    /// procedure asks for although `available_from` names where it is held.
    SameDocument {
        /// The procedures that ask for it.
        procedures: Vec<String>,
        /// The document id (the first place's, where members name it differently).
        document: String,
        /// Each place it is asked: procedure, step, document id and name.
        asked: Vec<Asked>,
        /// Where the document is already held (a database, another procedure).
        #[serde(skip_serializing_if = "Option::is_none")]
        available_from: Option<String>,
    },
    /// A link whose channel is not online.
    Link {
        /// The member the link starts from.
        from: String,
        /// The member it goes to.
        to: String,
        /// How the dossier or result passes (paper, post, …).
        channel: Channel,
        /// What passes, as the model names it.
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// More than one member has an applicant `submit` step.
    SingleWindow {
        /// The members the applicant files with.
        procedures: Vec<String>,
        /// Each filing step.
        steps: Vec<Asked>,
    },
    /// (Rules v2) A step outside the best strategy that breaks a criterion: an option kept at
    /// the applicant's choice.
    OptionalChannel {
        /// The criterion number it breaks.
        criterion: u8,
        /// The step id.
        step: String,
        /// The step's name.
        step_name: String,
        /// The first step of the option the best strategy takes instead.
        instead: Option<String>,
    },
}

/// Where a document is asked for (or a dossier filed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asked {
    /// The procedure code.
    pub procedure: String,
    /// The step id.
    pub step: String,
    /// The document id; `None` for a filing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The document's (or, for a filing, the step's) name.
    pub name: String,
}

impl Finding {
    /// A finding resting on its rule's own sources.
    pub(crate) fn new(kind: FindingKind, detail: FindingDetail, lang: Lang) -> Self {
        let basis = rules::finding(kind)
            .sources
            .iter()
            .map(|&id| Basis::source(id))
            .collect();
        Finding::with_basis(kind, detail, basis, lang)
    }

    pub(crate) fn with_basis(
        kind: FindingKind,
        detail: FindingDetail,
        basis: Vec<Basis>,
        lang: Lang,
    ) -> Self {
        let rule = rules::finding(kind);
        let mut f = Finding {
            kind,
            code: rule.code,
            clause: clause_of(&basis),
            basis,
            detail,
            reason: String::new(),
            remedy: String::new(),
        };
        f.reason = f.reason_in(lang);
        f.remedy = f.remedy_in(lang);
        f
    }

    /// The reason in `lang`, built from the evidence.
    pub fn reason_in(&self, lang: Lang) -> String {
        text::finding_reason(self, lang)
    }

    /// The remedy in `lang`: the rule's own, or one written for the evidence (where the
    /// document is held, the link to receive it through).
    pub fn remedy_in(&self, lang: Lang) -> String {
        text::finding_remedy(self, lang)
    }
}

/// What a service that is not fully online must publish (Nghị định 224/2026/NĐ-CP, Điều 14):
/// one entry per reason category and legal provision of the justified blockers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedReason {
    /// The reason the service stays partial.
    pub reason_category: ReasonCategory,
    /// The legal provision (`required_by`).
    pub legal_provision: String,
    /// The criteria it keeps unmet.
    pub criteria: Vec<u8>,
    /// The steps and documents concerned (`step` or `step/document`).
    pub at: Vec<String>,
}

/// The analysis of one procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureAnalysis {
    /// The procedure code (mã TTHC, the national code of an administrative procedure).
    pub code: String,
    /// The procedure's name.
    pub name: String,
    /// The agency that handles it (cơ quan thực hiện).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// The level of online service (Nghị định 42/2022/NĐ-CP), or the tool's own
    /// `partial_below_criteria`.
    pub level: Level,
    /// The older four levels (Thông tư 26/2009/TT-BTTTT, Điều 3), 0 to 4.
    pub legacy_level: u8,
    /// The status of each of the 8 criteria.
    pub criteria: Criteria,
    /// Unmet among criteria 1, 2, 3, 4 and 7 (what a partly online service needs), ascending.
    pub missing_for_partial: Vec<u8>,
    /// Every unmet criterion, ascending.
    pub missing_for_full: Vec<u8>,
    /// The steps of the best strategy (the way the verdict follows), in the order of `steps`.
    pub strategy_steps: Vec<String>,
    /// The applicant's option at each choice point of the best strategy: the choice point's
    /// step and the first step of the option taken.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<(String, String)>,
    /// The group the procedure was judged in as a member (rules v2), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Each step or document that breaks a criterion.
    pub blockers: Vec<Blocker>,
    /// What else was found (timing, once-only, options kept at the applicant's choice, …).
    pub findings: Vec<Finding>,
    /// The applicant's trips to an agency (rules v2): in-person applicant-facing steps other
    /// than `supplement`, those less than a working day apart in one trip, in the worst
    /// scenario of the best strategy.
    pub applicant_visits: u32,
    /// The longest path by `duration_days` from the start step, rework flows left out.
    pub critical_path_days: f64,
    /// The steps of that path, in order.
    pub critical_path: Vec<String>,
    /// Changes of actor along the critical path.
    pub hand_offs: u32,
    /// The time limit for handling a dossier (thời hạn giải quyết), in working days, as the model
    /// gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<f64>,
    /// Dossiers a year, as the model gives it (weights the targets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_volume: Option<u64>,
    /// When not fully online: the reasons and legal provisions to publish (justified blockers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub must_publish: Vec<PublishedReason>,
    /// Where the procedure was read from (set by [`crate::analyze_catalog`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

impl ProcedureAnalysis {
    /// The options kept at the applicant's choice (findings `optional_channel`), in the order
    /// of `findings`: the criterion each breaks, its step, and the first step of the option
    /// the best strategy takes instead.
    pub fn optional_channels(&self) -> impl Iterator<Item = (u8, &str, Option<&str>)> {
        self.findings.iter().filter_map(|f| match &f.detail {
            FindingDetail::OptionalChannel {
                criterion,
                step,
                instead,
                ..
            } => Some((*criterion, step.as_str(), instead.as_deref())),
            _ => None,
        })
    }
}

/// The file (and line, for a `.jsonl` record) a procedure or group was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The file name as the loader was given it, `<stdin>` for standard input.
    pub file: String,
    /// The 1-based line of the record (1 for a whole JSON file).
    pub line: usize,
}

impl SourceRef {
    /// The place the loader recorded for a procedure or group.
    pub fn of(origin: &quytrinh_model::Origin) -> Self {
        SourceRef {
            file: origin.file.to_string(),
            line: origin.line,
        }
    }

    /// `file` or `file:line` (for records after the first line).
    pub fn display(&self) -> String {
        if self.line > 1 {
            format!("{}:{}", self.file, self.line)
        } else {
            self.file.clone()
        }
    }
}

/// The analysis of a group of inter-linked procedures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAnalysis {
    /// The group code.
    pub code: String,
    /// The group's name.
    pub name: String,
    /// The lowest member level, capped at `partial_online` by a link that is not online.
    pub level: Level,
    /// Member procedure codes, in the order listed.
    pub members: Vec<String>,
    /// The group's findings (links, single window, once-only, timing).
    pub findings: Vec<Finding>,
    /// The sum over members.
    pub applicant_visits: u32,
    /// The longest chain of members along links, each counted with its own critical path.
    pub critical_path_days: f64,
    /// The members of that chain, in order.
    pub critical_chain: Vec<String>,
    /// The group's time limit (thời hạn giải quyết), in working days, as the model gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<f64>,
    /// Where the group was read from (set by [`crate::analyze_catalog`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

/// A blocker ranked as a re-engineering target (Thông tư 01/2023/TT-VPCP, Điều 16).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// 1-based rank.
    pub rank: usize,
    /// The procedure code.
    pub code: String,
    /// The procedure's name.
    pub name: String,
    /// The step id, where the blocker has a step.
    pub step: Option<String>,
    /// The document id, for a document blocker.
    pub document: Option<String>,
    /// The criterion number, 1 to 8.
    pub criterion: u8,
    /// The criterion's stable code (`TC1` … `TC8`).
    pub rule: &'static str,
    /// `annual_volume` × the trips saved if the step were online (rules v2).
    pub yearly_visits_saved: u64,
    /// How many criteria the step breaks.
    pub criteria_broken: usize,
    /// A legal provision requires the step or document (`required_by`): a change of law comes
    /// first.
    pub justified: bool,
    /// The reason the service stays partial.
    pub reason_category: ReasonCategory,
    /// The remedy, in the report's language.
    pub remedy: String,
}

/// Counts per level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Procedures analysed.
    pub procedures: usize,
    /// Procedures fully online (toàn trình).
    pub full_online: usize,
    /// Procedures partly online (một phần).
    pub partial_online: usize,
    /// Rules v2: below the criteria of a partly online service.
    pub partial_below_criteria: usize,
    /// Procedures that give information only (cung cấp thông tin trực tuyến).
    pub information_only: usize,
    /// Procedures not online at all.
    pub offline: usize,
    /// Groups analysed.
    pub groups: usize,
    /// Blockers over all procedures.
    pub blockers: usize,
    /// Blockers a legal provision requires.
    pub justified_blockers: usize,
}

impl Summary {
    /// Counts one procedure at `level`.
    pub fn add(&mut self, level: Level) {
        *self.slot(level) += 1;
    }

    /// The number of procedures at `level`.
    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::FullOnline => self.full_online,
            Level::PartialOnline => self.partial_online,
            Level::PartialBelowCriteria => self.partial_below_criteria,
            Level::InformationOnly => self.information_only,
            Level::Offline => self.offline,
        }
    }

    fn slot(&mut self, level: Level) -> &mut usize {
        match level {
            Level::FullOnline => &mut self.full_online,
            Level::PartialOnline => &mut self.partial_online,
            Level::PartialBelowCriteria => &mut self.partial_below_criteria,
            Level::InformationOnly => &mut self.information_only,
            Level::Offline => &mut self.offline,
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The version of this output's schema ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The rule set's id (`TT01-2023`).
    pub rules: &'static str,
    /// The version of the tool's reading of the rule set (2).
    pub rules_version: u32,
    /// The legal texts of the rule set.
    pub rule_set: &'static str,
    /// The language of `reason` and `remedy` texts (`vi` or `en`).
    pub lang: &'static str,
    /// How on-site verification counted for criterion 6.
    pub field_verification: crate::FieldVerification,
    /// Each procedure once, in catalogue order.
    pub procedures: Vec<ProcedureAnalysis>,
    /// Each group, in catalogue order.
    pub groups: Vec<GroupAnalysis>,
    /// The ranked re-engineering targets (all, or the first `--top`).
    pub targets: Vec<Target>,
    /// Last, so a report can be written procedure by procedure ([`crate::JsonReport`]).
    pub summary: Summary,
    #[serde(skip)]
    pub(crate) rule_set_kind: RuleSet,
}

impl Report {
    /// The rule set the report was made under.
    pub fn rule_set(&self) -> RuleSet {
        self.rule_set_kind
    }

    /// Procedures and groups below `level`: `(code, level)`, procedures first.
    pub fn below(&self, level: Level) -> Vec<(String, Level)> {
        self.procedures
            .iter()
            .filter(|p| p.level < level)
            .map(|p| (p.code.clone(), p.level))
            .chain(
                self.groups
                    .iter()
                    .filter(|g| g.level < level)
                    .map(|g| (g.code.clone(), g.level)),
            )
            .collect()
    }
}
