//! The types of the input format (`docs/FORMAT.md`), one to one.
//!
//! Field names and meanings are a contract: hidden tests and users' files are written against
//! them. Optional fields may be added; none may be renamed or dropped. Every struct rejects
//! unknown fields so a typo never passes silently.
//!
//! The JSON Schema of the format (`quytrinh schema`, [`crate::json_schema`]) is generated from
//! these types: their doc comments are the schema's descriptions, in English and Vietnamese.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One input document: a procedure or a group. — Một tệp: một thủ tục hoặc một nhóm thủ tục
/// liên thông.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(from = "DocumentRepr")]
pub struct Document {
    /// The procedure, for a procedure file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    /// The group, for a group file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

/// A procedure file `{"procedure": {…}}` or a group file `{"group": {…}}`. — Tệp thủ tục
/// `{"procedure": {…}}` hoặc tệp nhóm `{"group": {…}}`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "quytrinh procedure or group file",
    extend("oneOf" = [{ "required": ["procedure"] }, { "required": ["group"] }])
)]
struct DocumentRepr {
    /// The JSON Schema this file follows, for editors; ignored by quytrinh. — Lược đồ JSON của
    /// tệp, cho trình soạn thảo; quytrinh bỏ qua.
    #[serde(rename = "$schema", default)]
    #[schemars(example = &"../docs/quytrinh.schema.json")]
    _schema: Option<String>,
    /// A single procedure. — Một thủ tục hành chính đơn lẻ.
    #[serde(default)]
    procedure: Option<Procedure>,
    /// A group of inter-linked procedures. — Một nhóm thủ tục hành chính liên thông.
    #[serde(default)]
    group: Option<Group>,
}

impl From<DocumentRepr> for Document {
    fn from(r: DocumentRepr) -> Document {
        Document {
            procedure: r.procedure,
            group: r.group,
        }
    }
}

/// A single administrative procedure. — Thủ tục hành chính đơn lẻ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Procedure code, unique within a group. — Mã thủ tục hành chính.
    #[schemars(example = &"1.001193")]
    pub code: String,
    /// Procedure name. — Tên thủ tục.
    #[schemars(example = &"Đăng ký khai sinh")]
    pub name: String,
    /// Field of the procedure. — Lĩnh vực.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Hộ tịch")]
    pub field: Option<String>,
    /// The agency that carries it out. — Cơ quan thực hiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"UBND cấp xã")]
    pub authority: Option<String>,
    /// Legal basis; a timing finding cites it. — Căn cứ pháp lý.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub legal_basis: Vec<String>,
    /// Legal time limit, in working days. — Thời hạn giải quyết, tính bằng ngày làm việc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0), example = 15)]
    pub time_limit_days: Option<f64>,
    /// Fee or charge in VND, a whole number without separators; absent or 0 means no fee. —
    /// Phí, lệ phí (đồng), số nguyên không có dấu phân cách; không có hoặc 0 là không thu phí.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 50000)]
    pub fee_vnd: Option<u64>,
    /// Dossiers per year, used to rank targets. — Số lượng hồ sơ/năm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = 1500000)]
    pub annual_volume: Option<u64>,
    /// Criterion 1: the full information is published on the national TTHC database and the
    /// ministry/provincial system. Default false. — Tiêu chí 1: đã công bố, công khai đầy đủ
    /// thông tin trên CSDL quốc gia về TTHC và Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh.
    #[serde(default)]
    pub published: bool,
    /// Criterion 2: the forms can be downloaded there. Default false. — Tiêu chí 2: tải được các
    /// mẫu đơn, tờ khai.
    #[serde(default)]
    pub forms_downloadable: bool,
    /// The result of the procedure. — Kết quả giải quyết thủ tục.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ProcedureResult>,
    /// Who takes part: one swimlane each. — Các bên tham gia (mỗi bên một làn).
    #[schemars(length(min = 1))]
    pub actors: Vec<Actor>,
    /// The dossier. — Thành phần hồ sơ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub documents: Vec<DossierDocument>,
    /// The steps; the first one listed is where the procedure starts. — Các bước; bước đầu tiên
    /// là điểm bắt đầu.
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
    /// The step graph's edges; when absent, the steps run in the order listed. — Các luồng giữa
    /// các bước; không có thì các bước nối tiếp theo thứ tự liệt kê.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flows: Option<Vec<Flow>>,
    /// Free text: what the model is based on, what was assumed. — Ghi chú.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The result of a procedure. — Kết quả giải quyết thủ tục hành chính.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureResult {
    /// Name of the result. — Tên kết quả.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Giấy khai sinh")]
    pub name: Option<String>,
    /// Criterion 7: the result is issued as an electronic document with legal value (signed
    /// digitally by the agency), not a scan. Default false. — Tiêu chí 7: có kết quả giải quyết
    /// bản điện tử.
    #[serde(default)]
    pub electronic: bool,
}

/// Who takes part: a swimlane of the diagram. — Bên tham gia: một làn của sơ đồ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Unique id, referred to by steps' `actor`. — Mã định danh.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_.-]+$"), example = &"mot_cua")]
    pub id: String,
    /// Name as written in the procedure. — Tên.
    #[schemars(example = &"Bộ phận Một cửa UBND xã")]
    pub name: String,
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub role: Role,
}

/// The role of an actor. — Vai trò.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The person or organisation asking. — Tổ chức, cá nhân có yêu cầu.
    Applicant,
    /// The agency handling the procedure, its one-stop counter and units. — Cơ quan giải quyết,
    /// Bộ phận Một cửa.
    Agency,
    /// A person of that agency. — Cán bộ, công chức, lãnh đạo.
    Official,
    /// Another agency consulted or receiving the dossier. — Cơ quan khác.
    OtherAgency,
    /// A provider (public postal service, bank). — Tổ chức cung ứng dịch vụ (bưu chính, ngân hàng).
    ServiceProvider,
}

/// A document of the dossier. — Một thành phần hồ sơ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DossierDocument {
    /// Unique id, referred to by steps' `documents`. — Mã định danh.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_.-]+$"), example = &"to_khai")]
    pub id: String,
    /// Name. — Tên giấy tờ.
    #[schemars(example = &"Tờ khai đăng ký khai sinh")]
    pub name: String,
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub form: Form,
    /// A database or another procedure's code that already holds this document: the applicant
    /// should not provide it. — CSDL hoặc thủ tục đã có giấy tờ này (chỉ cung cấp thông tin một
    /// lần).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"CSDL quốc gia về dân cư")]
    pub available_from: Option<String>,
    /// The legal provision that requires the paper original. — Quy định bắt buộc bản giấy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<String>,
    /// (Rules v2) `form` marks a mẫu đơn, tờ khai: the forms criterion 3 is about. Default
    /// `attachment`. — `form`: mẫu đơn, tờ khai (tiêu chí 3).
    #[serde(default, skip_serializing_if = "DocumentKind::is_attachment")]
    #[schemars(extend("default" = "attachment"))]
    pub kind: DocumentKind,
    /// Free text. — Ghi chú.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a dossier document is (rules v2): an application form or any other attachment. —
/// Loại giấy tờ.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Any dossier item that is not a form (the default). — Giấy tờ kèm theo.
    #[default]
    Attachment,
    /// A form filled in by the applicant (criterion 3). — Mẫu đơn, tờ khai.
    Form,
}

impl DocumentKind {
    /// Whether it is the default kind, an attachment (left out when written).
    pub fn is_attachment(&self) -> bool {
        *self == DocumentKind::Attachment
    }
}

/// How the document is given. — Hình thức giấy tờ.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// An e-form or a scanned/digital file is accepted. — Bản điện tử, bản chụp, bản số hóa.
    Electronic,
    /// The paper original must be handed over or shown. — Phải nộp hoặc xuất trình bản giấy.
    Paper,
}

/// A step of the procedure: a node of the step graph. — Một bước của quy trình.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique id within the procedure. — Mã bước.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_.-]+$"), example = &"tiep_nhan")]
    pub id: String,
    /// What is done. — Nội dung công việc.
    #[schemars(example = &"Tiếp nhận, kiểm tra hồ sơ")]
    pub name: String,
    /// The id of the actor who does it. — Bên thực hiện (mã bên tham gia).
    #[schemars(example = &"mot_cua")]
    pub actor: String,
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub action: Action,
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub channel: Channel,
    /// Ids of the documents handed over or shown in this step. — Giấy tờ nộp, xuất trình ở bước
    /// này.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Signature::is_none")]
    #[schemars(extend("default" = "none"))]
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub signature: Signature,
    /// Working days this step takes (8 working hours = 1 day: "4 giờ" is 0.5). — Thời gian thực
    /// hiện, ngày làm việc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0), example = 0.5)]
    pub duration_days: Option<f64>,
    /// Free text shown in reports. — Ghi chú.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The legal provision that requires this step to be done this way. — Quy định bắt buộc
    /// thực hiện bước này như vậy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<String>,
    /// (Rules v2) The question decided at the end of this step when its outgoing flows are
    /// `alternative` or `reject`. — Câu hỏi quyết định ở cuối bước.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Hồ sơ đầy đủ, hợp lệ?")]
    pub decision: Option<String>,
}

impl Step {
    /// A step with its required fields and none of the optional ones: no documents, no
    /// signature, no duration, note, provision or decision (programs that build models set
    /// those they need after).
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        actor: impl Into<String>,
        action: Action,
        channel: Channel,
    ) -> Step {
        Step {
            id: id.into(),
            name: name.into(),
            actor: actor.into(),
            action,
            channel,
            documents: Vec::new(),
            signature: Signature::None,
            duration_days: None,
            note: None,
            required_by: None,
            decision: None,
        }
    }
}

/// What kind of step it is. — Loại công việc.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The applicant files the dossier. — Nộp hồ sơ.
    Submit,
    /// The applicant completes the dossier. — Bổ sung hồ sơ.
    Supplement,
    /// The applicant must be present (interview, photo, fingerprints). — Có mặt.
    Appear,
    /// The applicant pays a fee or another obligation. — Nộp phí, lệ phí, nghĩa vụ tài chính.
    Pay,
    /// The agency receives and checks the dossier. — Tiếp nhận, kiểm tra hồ sơ.
    Receive,
    /// The agency reviews, appraises. — Thẩm định, xử lý.
    Process,
    /// The agency checks facts (on site with channel `field`). — Xác minh.
    Verify,
    /// The agency asks another agency. — Lấy ý kiến.
    Consult,
    /// A decision, the agency's signature. — Phê duyệt, ký.
    Approve,
    /// The dossier or data passed to another agency. — Chuyển hồ sơ.
    Transfer,
    /// The result is produced. — Ban hành kết quả.
    IssueResult,
    /// The result is delivered to the applicant. — Trả kết quả.
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

    /// The value as the format spells it (`submit`, `return_result`…).
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

/// Where or how a step is done. — Kênh thực hiện.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// On the portal or the agencies' electronic systems. — Trực tuyến.
    Online,
    /// At the agency's counter, in person. — Trực tiếp tại cơ quan.
    InPerson,
    /// Public postal service. — Qua dịch vụ bưu chính công ích.
    Postal,
    /// On paper inside or between agencies. — Trên giấy, trong hoặc giữa các cơ quan.
    Paper,
    /// Agency staff on site. — Tại hiện trường.
    Field,
}

impl Channel {
    /// The value as the format spells it (`online`, `in_person`…).
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

/// The applicant's signature in a step; default `none`. — Chữ ký của tổ chức, cá nhân ở bước
/// này.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Signature {
    /// No signature of the applicant is required (the default). — Không yêu cầu ký.
    #[default]
    None,
    /// A hand signature on paper. — Ký tay trên giấy.
    Wet,
    /// A digital signature. — Chữ ký số.
    Digital,
}

impl Signature {
    /// Whether the step asks no signature (the default, left out when written).
    pub fn is_none(&self) -> bool {
        *self == Signature::None
    }
}

/// An edge of the step graph. — Luồng giữa hai bước.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The step id it leaves. — Từ bước.
    pub from: String,
    /// The step id it enters. — Đến bước.
    pub to: String,
    /// Shown on the arrow (the answer, for a decision). — Nhãn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Yêu cầu bổ sung hồ sơ")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "FlowKind::is_normal")]
    #[schemars(extend("default" = "normal"))]
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub kind: FlowKind,
    /// (Rules v2) Only on `alternative` flows: who chooses among the alternative flows leaving
    /// one step, the agency (or the case; the default when absent) or the applicant (a channel
    /// option). — Ai lựa chọn nhánh: cơ quan (mặc định) hoặc người dân.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_by: Option<ChosenBy>,
}

impl Flow {
    /// Who chooses this flow's branch: `chosen_by`, the agency when absent.
    pub fn chooser(&self) -> ChosenBy {
        self.chosen_by.unwrap_or_default()
    }
}

/// Who chooses among alternative flows (rules v2). — Ai lựa chọn nhánh.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// The agency decides, or the case does ("cần xác minh thêm"): the applicant cannot avoid
    /// any branch. — Cơ quan quyết định.
    #[default]
    Agency,
    /// The applicant chooses (e.g. the result through VNeID or on paper at the counter). —
    /// Người dân lựa chọn.
    Applicant,
}

impl ChosenBy {
    /// The value as the format spells it (`agency`, `applicant`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChosenBy::Agency => "agency",
            ChosenBy::Applicant => "applicant",
        }
    }
}

/// The kind of a flow; default `normal`. — Loại luồng.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// The next step; several normal flows from one step run in parallel (the default). —
    /// Bước tiếp theo.
    #[default]
    Normal,
    /// A loop back, e.g. bổ sung hồ sơ. The only kind allowed to close a cycle. — Quay lại.
    Rework,
    /// One of several branches is taken. — Một trong các nhánh.
    Alternative,
    /// (Rules v2) The dossier is refused: an agency-decided branch that ends the procedure with
    /// a refusal. It cannot close a cycle. — Từ chối hồ sơ.
    Reject,
}

impl FlowKind {
    /// Whether it is the default kind, `normal` (left out when written).
    pub fn is_normal(&self) -> bool {
        *self == FlowKind::Normal
    }

    /// The value as the format spells it (`normal`, `rework`…).
    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::Normal => "normal",
            FlowKind::Rework => "rework",
            FlowKind::Alternative => "alternative",
            FlowKind::Reject => "reject",
        }
    }
}

/// A group of inter-linked procedures. — Nhóm thủ tục hành chính liên thông.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's code. — Mã nhóm.
    #[schemars(example = &"LT-KS-TT-BHYT")]
    pub code: String,
    /// The group's name. — Tên nhóm.
    pub name: String,
    /// Time limit of the whole group, in working days. — Thời hạn giải quyết của cả nhóm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub time_limit_days: Option<f64>,
    /// The member procedures. — Các thủ tục thành viên.
    pub procedures: Vec<Member>,
    /// The order and relations between members. — Liên thông giữa các thủ tục.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub links: Vec<Link>,
    /// Free text. — Ghi chú.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A member of a group: `{"include": "path or code"}` or `{"procedure": {...}}`. — Thủ tục
/// thành viên.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{ "required": ["include"] }, { "required": ["procedure"] }]))]
pub struct Member {
    /// A procedure file, relative to the group file, or the code of a procedure among the
    /// inputs. — Tệp thủ tục (đường dẫn tương đối) hoặc mã thủ tục.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"khai-sinh.json")]
    pub include: Option<String>,
    /// The procedure written inline. — Thủ tục viết trực tiếp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
}

impl Member {
    /// A member written inline (not included from a file or by code).
    pub fn inline(procedure: Procedure) -> Member {
        Member {
            include: None,
            procedure: Some(procedure),
        }
    }
}

/// A link between two member procedures (Điều 17, khoản 4, điểm a). — Liên thông giữa hai
/// thủ tục.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The code of the member it leaves. — Mã thủ tục gửi.
    pub from: String,
    /// The code of the member it enters. — Mã thủ tục nhận.
    pub to: String,
    #[allow(
        missing_docs,
        reason = "documented by its type: a doc comment here would enter the JSON Schema"
    )]
    pub channel: Channel,
    /// A step id in `from`. — Bước gửi.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_step: Option<String>,
    /// A step id in `to`. — Bước nhận.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_step: Option<String>,
    /// Documents or results passed along. — Giấy tờ, kết quả được chuyển.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub carries: Vec<String>,
    /// Shown on the arrow. — Nhãn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Working hours in one working day (ngày làm việc): durations under a day are shown in hours.
pub const WORKING_HOURS_PER_DAY: f64 = 8.0;

/// The language of reports and diagram text: Vietnamese by default, English on request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Vietnamese (tiếng Việt), the default.
    #[default]
    Vi,
    /// English.
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

    /// The value as the format spells it (`applicant`, `other_agency`…).
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
