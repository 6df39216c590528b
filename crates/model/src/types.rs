//! The types of the input format (`shared/spec/FORMAT.md`), one to one.
//!
//! Field names and meanings are a contract: hidden tests and users' files are written against
//! them. Optional fields may be added; none may be renamed or dropped. Every struct rejects
//! unknown fields so a typo never passes silently.

use serde::{Deserialize, Serialize};

/// One input document: a JSON file, or one line of a `.jsonl` catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

/// A single administrative procedure (thủ tục hành chính đơn lẻ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Procedure code (mã TTHC), e.g. `1.001193`.
    pub code: String,
    pub name: String,
    /// Lĩnh vực.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Cơ quan thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Căn cứ pháp lý.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<String>,
    /// Thời hạn giải quyết, in working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<f64>,
    /// Phí, lệ phí in VND; absent or 0 means no fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_vnd: Option<u64>,
    /// Số lượng hồ sơ/năm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_volume: Option<u64>,
    /// Criterion 1: published on the national TTHC database and the ministry/provincial system.
    #[serde(default)]
    pub published: bool,
    /// Criterion 2: forms downloadable there.
    #[serde(default)]
    pub forms_downloadable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ProcedureResult>,
    pub actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DossierDocument>,
    pub steps: Vec<Step>,
    /// The step graph's edges; when absent, the steps run in the order listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flows: Option<Vec<Flow>>,
    /// Free text: what the model is based on, what was assumed (an optional addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The result of a procedure (kết quả giải quyết TTHC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Criterion 7: an electronic result (kết quả bản điện tử) exists.
    #[serde(default)]
    pub electronic: bool,
}

/// Who takes part: a swimlane of the diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Applicant,
    Agency,
    Official,
    OtherAgency,
    ServiceProvider,
}

/// A document of the dossier (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierDocument {
    pub id: String,
    pub name: String,
    pub form: Form,
    /// A database or another procedure's code that already holds this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<String>,
    /// The legal provision that requires the paper original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<String>,
    /// (Rules v2) `form` marks a mẫu đơn, tờ khai: the forms criterion 3 is about. Default
    /// `attachment`.
    #[serde(default, skip_serializing_if = "DocumentKind::is_attachment")]
    pub kind: DocumentKind,
    /// Free text (an optional addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a dossier document is (rules v2): an application form or any other attachment.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Any dossier item that is not a form (the default).
    #[default]
    Attachment,
    /// A mẫu đơn, tờ khai: filled in by the applicant (criterion 3).
    Form,
}

impl DocumentKind {
    pub fn is_attachment(&self) -> bool {
        *self == DocumentKind::Attachment
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// An e-form or a scanned/digital file is accepted.
    Electronic,
    /// The paper original must be handed over or shown.
    Paper,
}

/// A step of the procedure: a node of the step graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub name: String,
    pub actor: String,
    pub action: Action,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Signature::is_none")]
    pub signature: Signature,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The legal provision that requires this step to be done this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<String>,
    /// (Rules v2) The question decided at the end of this step when its outgoing flows are
    /// `alternative` or `reject` (e.g. "Hồ sơ đầy đủ, hợp lệ?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Supplement,
    Appear,
    Pay,
    Receive,
    Process,
    Verify,
    Consult,
    Approve,
    Transfer,
    IssueResult,
    ReturnResult,
}

impl Action {
    /// The actions the applicant takes part in (RULES.md: "applicant-facing").
    pub fn is_applicant_facing(self) -> bool {
        matches!(
            self,
            Action::Submit
                | Action::Supplement
                | Action::Appear
                | Action::Pay
                | Action::ReturnResult
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Supplement => "supplement",
            Action::Appear => "appear",
            Action::Pay => "pay",
            Action::Receive => "receive",
            Action::Process => "process",
            Action::Verify => "verify",
            Action::Consult => "consult",
            Action::Approve => "approve",
            Action::Transfer => "transfer",
            Action::IssueResult => "issue_result",
            Action::ReturnResult => "return_result",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// On the portal or the agencies' electronic systems.
    Online,
    /// At the agency's counter, in person (trực tiếp).
    InPerson,
    /// Public postal service (bưu chính công ích).
    Postal,
    /// On paper inside or between agencies.
    Paper,
    /// Agency staff on site (tại hiện trường).
    Field,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::InPerson => "in_person",
            Channel::Postal => "postal",
            Channel::Paper => "paper",
            Channel::Field => "field",
        }
    }
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Signature {
    #[default]
    None,
    /// Hand signature on paper.
    Wet,
    /// Chữ ký số.
    Digital,
}

impl Signature {
    pub fn is_none(&self) -> bool {
        *self == Signature::None
    }
}

/// An edge of the step graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "FlowKind::is_normal")]
    pub kind: FlowKind,
    /// (Rules v2) Who chooses among the `alternative` flows leaving one step: the agency (or
    /// the case; the default when absent) or the applicant (a channel option).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_by: Option<ChosenBy>,
}

impl Flow {
    /// Who chooses this flow's branch: `chosen_by`, the agency when absent.
    pub fn chooser(&self) -> ChosenBy {
        self.chosen_by.unwrap_or_default()
    }
}

/// Who chooses among alternative flows (rules v2).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// The agency decides, or the case does ("cần xác minh thêm"): the applicant cannot avoid
    /// any branch.
    #[default]
    Agency,
    /// The applicant chooses (e.g. the result through VNeID or on paper at the counter).
    Applicant,
}

impl ChosenBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ChosenBy::Agency => "agency",
            ChosenBy::Applicant => "applicant",
        }
    }
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    #[default]
    Normal,
    /// A loop back, e.g. bổ sung hồ sơ. The only kind allowed to close a cycle.
    Rework,
    /// One of several branches is taken.
    Alternative,
    /// (Rules v2) The dossier is refused: an agency-decided branch that ends the procedure with
    /// a refusal. It cannot close a cycle.
    Reject,
}

impl FlowKind {
    pub fn is_normal(&self) -> bool {
        *self == FlowKind::Normal
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::Normal => "normal",
            FlowKind::Rework => "rework",
            FlowKind::Alternative => "alternative",
            FlowKind::Reject => "reject",
        }
    }
}

/// A group of inter-linked procedures (nhóm TTHC liên thông).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<f64>,
    pub procedures: Vec<Member>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Free text (an optional addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A member of a group: `{"include": "path or code"}` or `{"procedure": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
}

/// A link between two member procedures (Điều 17, khoản 4, điểm a).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_step: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carries: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Working hours in one working day (ngày làm việc): durations under a day are shown in hours.
pub const WORKING_HOURS_PER_DAY: f64 = 8.0;

/// The language of reports and diagram text: Vietnamese by default, English on request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// A whole number with thousands separators: `1.500.000` in Vietnamese, `1,500,000` in
    /// English.
    pub fn thousands(self, n: u64) -> String {
        let sep = self.pick(".", ",");
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A duration given in working days, as a reader expects it: in working hours below one
    /// day (8 working hours = 1 ngày: `0,125` → `1 giờ`, `0,5` → `4 giờ`), in days from one
    /// day up (`1 ngày`, `2,5 ngày`). English: `1 hour`, `4 hours`, `1 day`, `2.5 days`.
    pub fn duration(self, days: f64) -> String {
        let days = if days.is_finite() { days.max(0.0) } else { 0.0 };
        if days > 0.0 && days < 1.0 {
            let hours = days * WORKING_HOURS_PER_DAY;
            let n = self.decimal(hours);
            match self {
                Lang::Vi => format!("{n} giờ"),
                Lang::En if n == "1" => "1 hour".to_owned(),
                Lang::En => format!("{n} hours"),
            }
        } else {
            let n = self.decimal(days);
            match self {
                Lang::Vi => format!("{n} ngày"),
                Lang::En if n == "1" => "1 day".to_owned(),
                Lang::En => format!("{n} days"),
            }
        }
    }

    /// The number of the step at `index` (0-based, in the order of `steps`) as written in the
    /// step table and on every diagram: `B1`, `B2`, … (bước) in Vietnamese, `S1`, `S2`, … in
    /// English.
    pub fn step_number(self, index: usize) -> String {
        format!("{}{}", self.pick("B", "S"), index + 1)
    }

    /// A number (of days, say) with at most three decimals and no needless zeros, in the
    /// reader's decimal style: `8,5` and `0,25` in Vietnamese, `8.5` and `0.25` in English.
    pub fn decimal(self, x: f64) -> String {
        let mut n = format!("{x:.3}");
        if n.contains('.') {
            n = n.trim_end_matches('0').trim_end_matches('.').to_owned();
        }
        if n == "-0" {
            n = "0".to_owned();
        }
        match self {
            Lang::Vi => n.replace('.', ","),
            Lang::En => n,
        }
    }
}

impl Role {
    /// Every role, in lane order: the applicant first, then the receiving agency, its
    /// officials, other agencies and service providers.
    pub const LANE_ORDER: [Role; 5] = [
        Role::Applicant,
        Role::Agency,
        Role::Official,
        Role::OtherAgency,
        Role::ServiceProvider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Agency => "agency",
            Role::Official => "official",
            Role::OtherAgency => "other_agency",
            Role::ServiceProvider => "service_provider",
        }
    }
}

impl Procedure {
    /// The swimlanes in their fixed order: by role (applicant → agency → official →
    /// other_agency → service_provider, [`Role::LANE_ORDER`]), then, within a role, in the order
    /// of `actors` in the file. Every diagram kind (DOT, Mermaid, BPMN) draws lanes in this order.
    /// Returns indices into `actors`.
    pub fn lane_order(&self) -> Vec<usize> {
        let mut lanes: Vec<usize> = (0..self.actors.len()).collect();
        // `Role`'s declaration order is the lane order; the sort is stable.
        lanes.sort_by_key(|&i| self.actors.get(i).map(|a| a.role));
        lanes
    }
}

#[cfg(test)]
mod lang_tests {
    use super::Lang;

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(Lang::Vi.thousands(1_500_000), "1.500.000");
        assert_eq!(Lang::En.thousands(1_234_567), "1,234,567");
        assert_eq!(Lang::Vi.thousands(999), "999");
        assert_eq!(Lang::Vi.decimal(8.5), "8,5");
        assert_eq!(Lang::En.decimal(0.1 + 0.2), "0.3");
        assert_eq!(Lang::En.decimal(1.0), "1");
        assert_eq!(Lang::Vi.decimal(0.125), "0,125");
        assert_eq!(Lang::Vi.duration(0.125), "1 giờ");
        assert_eq!(Lang::Vi.duration(0.5), "4 giờ");
        assert_eq!(Lang::Vi.duration(0.0625), "0,5 giờ");
        assert_eq!(Lang::Vi.duration(1.0), "1 ngày");
        assert_eq!(Lang::Vi.duration(21.5), "21,5 ngày");
        assert_eq!(Lang::Vi.duration(0.0), "0 ngày");
        assert_eq!(Lang::En.duration(0.125), "1 hour");
        assert_eq!(Lang::En.duration(0.25), "2 hours");
        assert_eq!(Lang::En.duration(1.0), "1 day");
        assert_eq!(Lang::En.duration(2.5), "2.5 days");
        assert_eq!(Lang::Vi.step_number(0), "B1");
        assert_eq!(Lang::En.step_number(9), "S10");
    }
}
