//! The law next to the code: the one table of the rule set the analyzer implements.
//!
//! Every criterion, blocker cause and finding kind the analyzer reports is a row here, with the
//! Vietnamese wording it implements, the clause it comes from, its stable code and its standard
//! remedy in Vietnamese and English. `docs/RULES-TABLE.md` is generated from these rows by
//! [`rules_table_markdown`] (a test fails when the committed file drifts), and the reports take
//! their clauses and remedies from the same rows, so code, docs and reports cannot disagree.
//!
//! A newer rule set is added as another [`RuleSet`] variant beside the current one.

use std::fmt::Write as _;

use serde::Serialize;

use crate::format::cell;

/// The rule set a report was made under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum RuleSet {
    /// The 8 criteria of Thông tư 01/2023/TT-VPCP, with the partial-service reasons of
    /// Nghị định 224/2026/NĐ-CP, Điều 14, and the once-only rule of Nghị định 42/2022/NĐ-CP.
    #[default]
    #[serde(rename = "TT01-2023")]
    Tt01Of2023,
}

impl RuleSet {
    /// The stable identifier written to JSON (`"rules"`).
    pub fn id(self) -> &'static str {
        match self {
            RuleSet::Tt01Of2023 => "TT01-2023",
        }
    }

    /// The legal texts, as a reviewer names them.
    pub fn title(self) -> &'static str {
        match self {
            RuleSet::Tt01Of2023 => "Thông tư 01/2023/TT-VPCP (tiêu chí dịch vụ công trực tuyến)",
        }
    }

    /// The version of the tool's reading of the rule set (RULES.md, "Version 2 of the rules").
    pub fn version(self) -> u32 {
        match self {
            RuleSet::Tt01Of2023 => 2,
        }
    }
}

/// The current rule set.
pub const RULE_SET: RuleSet = RuleSet::Tt01Of2023;

/// Where the 8 criteria are written.
pub const CRITERIA_SOURCE: &str =
    "Thông tư 01/2023/TT-VPCP, tiêu chí dịch vụ công trực tuyến toàn trình";

/// One of the 8 criteria of a fully online public service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriterionRule {
    /// 1 to 8, as numbered in the Thông tư.
    pub number: u8,
    /// Stable code of the criterion and of its blockers (`TC1` … `TC8`).
    pub code: &'static str,
    /// The Vietnamese wording the criterion implements (`shared/seeds/002_*.txt`).
    pub wording_vi: &'static str,
    /// A short Vietnamese form for reports.
    pub short_vi: &'static str,
    /// A short English form for reports.
    pub short_en: &'static str,
    /// The legal source.
    pub clause: &'static str,
    /// The standard remedy when the criterion is unmet.
    pub remedy_vi: &'static str,
    /// The standard remedy in English.
    pub remedy_en: &'static str,
}

/// The 8 criteria (Thông tư 01/2023/TT-VPCP). Criteria 1, 2, 3, 4 and 7 make a partial
/// service; criteria 1 and 2 alone make information only.
pub const CRITERIA: [CriterionRule; 8] = [
    CriterionRule {
        number: 1,
        code: "TC1",
        wording_vi: "Công bố, công khai, cung cấp đầy đủ các thông tin về thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính và Hệ thống thông tin giải quyết thủ tục hành chính cấp bộ, cấp tỉnh",
        short_vi: "Công khai đầy đủ thông tin TTHC",
        short_en: "Information published",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 1 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Công bố, công khai đầy đủ thông tin thủ tục trên Cơ sở dữ liệu quốc gia về TTHC và Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh",
        remedy_en: "Publish the full procedure information on the national TTHC database and the ministry/provincial system",
    },
    CriterionRule {
        number: 2,
        code: "TC2",
        wording_vi: "Tổ chức, cá nhân tải được các mẫu văn bản trên Cơ sở dữ liệu quốc gia về thủ tục hành chính và Hệ thống thông tin giải quyết thủ tục hành chính cấp bộ, cấp tỉnh",
        short_vi: "Tải được mẫu đơn, tờ khai",
        short_en: "Forms downloadable",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 2 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Đăng tải các mẫu đơn, tờ khai để tải về trên Cơ sở dữ liệu quốc gia về TTHC và Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh",
        remedy_en: "Put the forms up for download on the national TTHC database and the ministry/provincial system",
    },
    CriterionRule {
        number: 3,
        code: "TC3",
        wording_vi: "Điền và gửi trực tuyến các mẫu đơn, tờ khai, áp dụng chữ ký số trong trường hợp có yêu cầu có chữ ký của tổ chức, cá nhân",
        short_vi: "Điền, gửi trực tuyến; chữ ký số",
        short_en: "Forms filled and sent online; digital signature",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 3 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Tiếp nhận hồ sơ trực tuyến bằng biểu mẫu điện tử tương tác; chấp nhận chữ ký số",
        remedy_en: "Accept the dossier online with interactive e-forms; accept a digital signature",
    },
    CriterionRule {
        number: 4,
        code: "TC4",
        wording_vi: "Hồ sơ được gửi toàn bộ qua môi trường điện tử",
        short_vi: "Hồ sơ gửi toàn bộ qua môi trường điện tử",
        short_en: "Whole dossier sent electronically",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 4 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Chấp nhận bản điện tử (bản số hóa) của mọi thành phần hồ sơ; không yêu cầu giấy tờ mà cơ sở dữ liệu đã có",
        remedy_en: "Accept an electronic copy of every dossier item; stop asking for documents a database already holds",
    },
    CriterionRule {
        number: 5,
        code: "TC5",
        wording_vi: "Thanh toán trực tuyến trên nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia hoặc trên Hệ thống thông tin giải quyết thủ tục hành chính cấp bộ, cấp tỉnh đối với các thủ tục hành chính có yêu cầu nộp phí, lệ phí hoặc các nghĩa vụ tài chính khác",
        short_vi: "Thanh toán trực tuyến",
        short_en: "Online payment",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 5 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Thu phí, lệ phí trên nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia",
        remedy_en: "Take the fee on the national public service portal's online payment platform",
    },
    CriterionRule {
        number: 6,
        code: "TC6",
        wording_vi: "Trong quá trình xử lý hồ sơ và cung cấp dịch vụ được thực hiện trên môi trường điện tử, quá trình thực hiện, giải quyết thủ tục hành chính không có quy định tổ chức, cá nhân phải nộp, xuất trình bản giấy để kiểm tra hoặc yêu cầu hiện diện tại cơ quan nhà nước hoặc thực hiện quy trình trước mặt cán bộ, công chức tiếp nhận, giải quyết; cơ quan nhà nước phải đi thẩm tra, xác minh tại hiện trường theo quy định của pháp luật",
        short_vi: "Xử lý điện tử, không giấy, không hiện diện",
        short_en: "Processed electronically; no paper, no presence",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 6 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Xử lý, luân chuyển hồ sơ trên hệ thống điện tử; bỏ yêu cầu bản giấy và hiện diện, trừ khi luật bắt buộc",
        remedy_en: "Process and transfer the dossier on the agencies' electronic systems; drop paper and presence unless the law requires them",
    },
    CriterionRule {
        number: 7,
        code: "TC7",
        wording_vi: "Có kết quả giải quyết thủ tục hành chính bản điện tử",
        short_vi: "Có kết quả bản điện tử",
        short_en: "Electronic result",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 7 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Cấp kết quả bản điện tử và gửi vào Kho quản lý dữ liệu điện tử của tổ chức, cá nhân",
        remedy_en: "Issue an electronic result and send it to the applicant's data store",
    },
    CriterionRule {
        number: 8,
        code: "TC8",
        wording_vi: "Trả kết quả được thực hiện trực tuyến hoặc qua bưu chính công ích, không yêu cầu tổ chức, cá nhân phải có mặt hoặc ký nhận trực tiếp khi nhận kết quả",
        short_vi: "Trả kết quả trực tuyến hoặc qua bưu chính công ích",
        short_en: "Result returned online or by public postal service",
        clause: "Thông tư 01/2023/TT-VPCP, tiêu chí 8 đối với dịch vụ công trực tuyến toàn trình",
        remedy_vi: "Trả kết quả trực tuyến hoặc qua dịch vụ bưu chính công ích, không yêu cầu có mặt, ký nhận trực tiếp",
        remedy_en: "Return the result online or by public postal service, with no presence or signing in person",
    },
];

/// Looks up a criterion by number (1 to 8).
pub fn criterion(number: u8) -> Option<&'static CriterionRule> {
    CRITERIA.iter().find(|c| c.number == number)
}

/// Why a blocker was raised: one row per way a criterion can be broken (RULES.md, table of the
/// 8 criteria). The serialised name is the blocker's `cause` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Criterion 1: `published` is not true.
    NotPublished,
    /// Criterion 2: `forms_downloadable` is not true.
    FormsNotDownloadable,
    /// Criterion 3 (a `submit`/`supplement` step) or 4 (a `submit` step): filed off-line.
    FilingNotOnline,
    /// Criterion 3: a hand signature on paper.
    WetSignature,
    /// Criterion 4: a paper document in the dossier.
    PaperInDossier,
    /// Criterion 3 (rules v2): a form (`kind: "form"`) filed on paper.
    PaperForm,
    /// Criterion 5: a `pay` step not online.
    PaymentNotOnline,
    /// Criterion 5: a fee is due but there is no `pay` step.
    FeeWithoutPayment,
    /// Criterion 6: an applicant-facing step in person.
    Presence,
    /// Criterion 6: a paper document handed over or shown in a step.
    PaperDocument,
    /// Criterion 6: a step handled on paper.
    PaperProcessing,
    /// Criterion 6: on-site verification by the agency.
    FieldVerification,
    /// Criterion 7: no electronic result.
    NoElectronicResult,
    /// Criterion 8: the result is returned neither online nor by post.
    ReturnNotRemote,
    /// Criterion 8: no `return_result` step.
    NoReturnStep,
    /// Criterion 8 (rules v2): the applicant must come in person between the decision and
    /// the hand-over of the result (to sign, to pay at the counter).
    PresenceAtHandOver,
}

impl Cause {
    /// The name written to JSON (a blocker's `cause`).
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::NotPublished => "not_published",
            Cause::FormsNotDownloadable => "forms_not_downloadable",
            Cause::FilingNotOnline => "filing_not_online",
            Cause::WetSignature => "wet_signature",
            Cause::PaperInDossier => "paper_in_dossier",
            Cause::PaperForm => "paper_form",
            Cause::PaymentNotOnline => "payment_not_online",
            Cause::FeeWithoutPayment => "fee_without_payment",
            Cause::Presence => "presence",
            Cause::PaperDocument => "paper_document",
            Cause::PaperProcessing => "paper_processing",
            Cause::FieldVerification => "field_verification",
            Cause::NoElectronicResult => "no_electronic_result",
            Cause::ReturnNotRemote => "return_not_remote",
            Cause::NoReturnStep => "no_return_step",
            Cause::PresenceAtHandOver => "presence_at_hand_over",
        }
    }
}

/// The reason a service stays partial (Nghị định 224/2026/NĐ-CP, Điều 14), as RULES.md names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCategory {
    /// The applicant must be present (hiện diện) at the agency.
    PresenceRequired,
    /// The agency verifies on site (thẩm tra, xác minh tại hiện trường).
    FieldVerification,
    /// The dossier, or a document of it, is on paper.
    PaperDossier,
    /// The fee is not paid online.
    Payment,
    /// The result is not issued or returned electronically.
    ResultDelivery,
    /// The agency handles the dossier on paper.
    Processing,
    /// The procedure's information or forms are not published.
    Publication,
}

impl ReasonCategory {
    /// The name written to JSON (`reason_category`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCategory::PresenceRequired => "presence_required",
            ReasonCategory::FieldVerification => "field_verification",
            ReasonCategory::PaperDossier => "paper_dossier",
            ReasonCategory::Payment => "payment",
            ReasonCategory::ResultDelivery => "result_delivery",
            ReasonCategory::Processing => "processing",
            ReasonCategory::Publication => "publication",
        }
    }

    /// The category in prose, in `lang`.
    pub fn label(self, lang: quytrinh_model::Lang) -> &'static str {
        match self {
            ReasonCategory::PresenceRequired => lang.pick("phải hiện diện", "presence required"),
            ReasonCategory::FieldVerification => {
                lang.pick("thẩm tra, xác minh tại hiện trường", "on-site verification")
            }
            ReasonCategory::PaperDossier => lang.pick("hồ sơ giấy", "paper dossier"),
            ReasonCategory::Payment => lang.pick("thanh toán", "payment"),
            ReasonCategory::ResultDelivery => lang.pick("trả kết quả", "result delivery"),
            ReasonCategory::Processing => lang.pick("xử lý trên giấy", "paper processing"),
            ReasonCategory::Publication => lang.pick("công khai thông tin", "publication"),
        }
    }
}

/// One way a criterion is broken, with its concrete re-engineering move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CauseRule {
    /// The cause it describes.
    pub cause: Cause,
    /// Stable code of the blocker cause (`TC6-PRESENCE`, …).
    pub code: &'static str,
    /// The criteria this cause can break.
    pub criteria: &'static [u8],
    /// The reason a service stays partial it falls under.
    pub category: ReasonCategory,
    /// What is wrong, in a few words.
    pub what_vi: &'static str,
    /// What is wrong, in English.
    pub what_en: &'static str,
    /// The concrete re-engineering move.
    pub remedy_vi: &'static str,
    /// The concrete move, in English.
    pub remedy_en: &'static str,
    /// Further legal sources the finding rests on, beside the criterion's own.
    pub also: &'static [SourceId],
}

/// Every blocker cause (RULES.md, "Blockers and remedies").
pub const CAUSES: [CauseRule; 16] = [
    CauseRule {
        cause: Cause::NotPublished,
        code: "TC1-UNPUBLISHED",
        criteria: &[1],
        category: ReasonCategory::Publication,
        what_vi: "thông tin thủ tục chưa được công bố, công khai đầy đủ",
        what_en: "the procedure information is not fully published",
        remedy_vi: "Công bố, công khai đầy đủ thông tin thủ tục trên Cơ sở dữ liệu quốc gia về TTHC và Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh",
        remedy_en: "Publish the full procedure information on the national TTHC database and the ministry/provincial system",
        also: &[],
    },
    CauseRule {
        cause: Cause::FormsNotDownloadable,
        code: "TC2-NO-FORMS",
        criteria: &[2],
        category: ReasonCategory::Publication,
        what_vi: "chưa tải được mẫu đơn, tờ khai",
        what_en: "the forms cannot be downloaded",
        remedy_vi: "Đăng tải các mẫu đơn, tờ khai để tải về trên Cơ sở dữ liệu quốc gia về TTHC và Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh",
        remedy_en: "Put the forms up for download on the national TTHC database and the ministry/provincial system",
        also: &[],
    },
    CauseRule {
        cause: Cause::FilingNotOnline,
        code: "TC3-FILING",
        criteria: &[3, 4],
        category: ReasonCategory::PaperDossier,
        what_vi: "hồ sơ không được nộp trực tuyến",
        what_en: "the dossier is not filed online",
        remedy_vi: "Tiếp nhận hồ sơ trực tuyến trên Cổng Dịch vụ công bằng biểu mẫu điện tử tương tác, tự động điền từ cơ sở dữ liệu quốc gia",
        remedy_en: "Accept the dossier online on the public service portal with interactive e-forms filled from the national databases",
        also: &[],
    },
    CauseRule {
        cause: Cause::WetSignature,
        code: "TC3-WET-SIGNATURE",
        criteria: &[3],
        category: ReasonCategory::PaperDossier,
        what_vi: "yêu cầu ký tay trên giấy",
        what_en: "a hand signature on paper is required",
        remedy_vi: "Chấp nhận chữ ký số (hoặc xác thực điện tử qua tài khoản định danh) thay cho chữ ký tay",
        remedy_en: "Accept a digital signature (or electronic identification) instead of a hand signature",
        also: &[],
    },
    CauseRule {
        cause: Cause::PaperInDossier,
        code: "TC4-PAPER-DOSSIER",
        criteria: &[4],
        category: ReasonCategory::PaperDossier,
        what_vi: "thành phần hồ sơ phải nộp bản giấy",
        what_en: "a dossier item must be given on paper",
        remedy_vi: "Chấp nhận bản điện tử (bản chụp, bản số hóa, bản sao điện tử) của giấy tờ này",
        remedy_en: "Accept an electronic copy (scan, digitised or certified electronic copy) of this document",
        also: &[],
    },
    CauseRule {
        cause: Cause::PaymentNotOnline,
        code: "TC5-OFFLINE-PAYMENT",
        criteria: &[5],
        category: ReasonCategory::Payment,
        what_vi: "phí, lệ phí không nộp trực tuyến",
        what_en: "the fee is not paid online",
        remedy_vi: "Thu phí, lệ phí trên nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia",
        remedy_en: "Take the fee on the national public service portal's online payment platform",
        also: &[],
    },
    CauseRule {
        cause: Cause::FeeWithoutPayment,
        code: "TC5-NO-PAY-STEP",
        criteria: &[5],
        category: ReasonCategory::Payment,
        what_vi: "có phí, lệ phí nhưng quy trình không có bước thanh toán",
        what_en: "a fee is due but the process has no payment step",
        remedy_vi: "Thêm bước thanh toán trực tuyến trên nền tảng thanh toán của Cổng Dịch vụ công quốc gia",
        remedy_en: "Add an online payment step on the national public service portal's payment platform",
        also: &[],
    },
    CauseRule {
        cause: Cause::Presence,
        code: "TC6-PRESENCE",
        criteria: &[6],
        category: ReasonCategory::PresenceRequired,
        what_vi: "tổ chức, cá nhân phải có mặt tại cơ quan",
        what_en: "the applicant must come to the agency",
        remedy_vi: "Rà soát quy định về yêu cầu hiện diện; nếu luật không bắt buộc, thực hiện trực tuyến (định danh điện tử, chữ ký số)",
        remedy_en: "Review the provision that asks for presence; unless the law requires it, do it online (electronic identification, digital signature)",
        also: &[],
    },
    CauseRule {
        cause: Cause::PaperDocument,
        code: "TC6-PAPER-DOCUMENT",
        criteria: &[6],
        category: ReasonCategory::PaperDossier,
        what_vi: "phải nộp, xuất trình bản giấy",
        what_en: "a paper original must be handed over or shown",
        remedy_vi: "Chấp nhận bản điện tử và đối chiếu với cơ sở dữ liệu thay cho xuất trình bản giấy",
        remedy_en: "Accept an electronic copy and check it against the databases instead of the paper original",
        also: &[],
    },
    CauseRule {
        cause: Cause::PaperProcessing,
        code: "TC6-PAPER-PROCESSING",
        criteria: &[6],
        category: ReasonCategory::Processing,
        what_vi: "bước được xử lý, luân chuyển bằng giấy",
        what_en: "the step is handled on paper",
        remedy_vi: "Xử lý và luân chuyển hồ sơ trên hệ thống thông tin điện tử của các cơ quan",
        remedy_en: "Process and transfer the dossier on the agencies' electronic systems",
        also: &[],
    },
    CauseRule {
        cause: Cause::FieldVerification,
        code: "TC6-FIELD",
        criteria: &[6],
        category: ReasonCategory::FieldVerification,
        what_vi: "cơ quan phải thẩm tra, xác minh tại hiện trường",
        what_en: "the agency verifies on site",
        remedy_vi: "Rà soát quy định về thẩm tra, xác minh tại hiện trường; nếu luật không bắt buộc, xác minh qua cơ sở dữ liệu",
        remedy_en: "Review the provision that asks for on-site verification; unless the law requires it, verify against the databases",
        also: &[SourceId::FieldPolicy],
    },
    CauseRule {
        cause: Cause::NoElectronicResult,
        code: "TC7-NO-E-RESULT",
        criteria: &[7],
        category: ReasonCategory::ResultDelivery,
        what_vi: "chưa có kết quả bản điện tử",
        what_en: "there is no electronic result",
        remedy_vi: "Cấp kết quả bản điện tử và gửi vào Kho quản lý dữ liệu điện tử của tổ chức, cá nhân",
        remedy_en: "Issue an electronic result and send it to the applicant's data store",
        also: &[SourceId::ElectronicResult],
    },
    CauseRule {
        cause: Cause::ReturnNotRemote,
        code: "TC8-RETURN",
        criteria: &[8],
        category: ReasonCategory::ResultDelivery,
        what_vi: "kết quả không trả trực tuyến hoặc qua bưu chính công ích",
        what_en: "the result is returned neither online nor by public postal service",
        remedy_vi: "Trả kết quả trực tuyến hoặc qua dịch vụ bưu chính công ích, không yêu cầu có mặt, ký nhận trực tiếp",
        remedy_en: "Return the result online or by public postal service, with no presence or signing in person",
        also: &[SourceId::ElectronicResult],
    },
    CauseRule {
        cause: Cause::NoReturnStep,
        code: "TC8-NO-RETURN-STEP",
        criteria: &[8],
        category: ReasonCategory::ResultDelivery,
        what_vi: "quy trình không có bước trả kết quả",
        what_en: "the process has no step that returns the result",
        remedy_vi: "Thêm bước trả kết quả trực tuyến hoặc qua dịch vụ bưu chính công ích",
        remedy_en: "Add a step that returns the result online or by public postal service",
        also: &[],
    },
    CauseRule {
        cause: Cause::PaperForm,
        code: "TC3-PAPER-FORM",
        criteria: &[3],
        category: ReasonCategory::PaperDossier,
        what_vi: "mẫu đơn, tờ khai phải điền, nộp bản giấy",
        what_en: "a form must be filled in and filed on paper",
        remedy_vi: "Cung cấp biểu mẫu điện tử tương tác để điền và gửi trực tuyến",
        remedy_en: "Offer the form as an interactive e-form filled in and sent online",
        also: &[],
    },
    CauseRule {
        cause: Cause::PresenceAtHandOver,
        code: "TC8-PRESENCE-AT-HAND-OVER",
        criteria: &[8],
        category: ReasonCategory::ResultDelivery,
        what_vi: "tổ chức, cá nhân phải có mặt, ký nhận trực tiếp để nhận kết quả",
        what_en: "the applicant must come in person, or sign in person, to be handed the result",
        remedy_vi: "Rà soát quy định về yêu cầu hiện diện khi nhận kết quả; ký nhận điện tử, trả kết quả trực tuyến hoặc qua bưu chính công ích",
        remedy_en: "Review the provision that asks for presence at the hand-over; sign for the result electronically, return it online or by public postal service",
        also: &[],
    },
];

/// The remedy for a paper document that a database already holds (`available_from`).
pub const ONCE_ONLY_DOCUMENT_REMEDY_VI: &str = "Không yêu cầu nộp giấy tờ này: khai thác từ";
/// The same in English.
pub const ONCE_ONLY_DOCUMENT_REMEDY_EN: &str = "Stop asking for this document: take it from";

/// The row of a blocker cause.
pub fn cause(cause: Cause) -> &'static CauseRule {
    // CAUSES lists every variant; the test `every_cause_has_a_row` holds that.
    CAUSES
        .iter()
        .find(|c| c.cause == cause)
        .unwrap_or(&CAUSES[0])
}

/// The kinds of finding besides criterion blockers (procedure and group findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// The critical path exceeds the time limit.
    Timing,
    /// On-site verification under `--field-verification allowed`.
    FieldVerification,
    /// The applicant gives what a database or another procedure already holds.
    OnceOnly,
    /// A link between member procedures is not online.
    Link,
    /// The applicant files more than once in a group.
    SingleWindow,
    /// (Rules v2) A step that breaks a criterion on an option the applicant may choose instead
    /// of one that meets it: kept by the applicant's choice, not a blocker.
    OptionalChannel,
}

impl FindingKind {
    /// The name written to JSON (`kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Timing => "timing",
            FindingKind::FieldVerification => "field_verification",
            FindingKind::OnceOnly => "once_only",
            FindingKind::Link => "link",
            FindingKind::SingleWindow => "single_window",
            FindingKind::OptionalChannel => "optional_channel",
        }
    }
}

/// One kind of finding, with its law and standard remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingRule {
    /// The kind it describes.
    pub kind: FindingKind,
    /// Stable code (`F-TIMING`, …).
    pub code: &'static str,
    /// A short Vietnamese title.
    pub title_vi: &'static str,
    /// A short English title.
    pub title_en: &'static str,
    /// The Vietnamese wording the finding implements.
    pub wording_vi: &'static str,
    /// The legal sources it rests on (a `timing` finding rests on the model's own
    /// `legal_basis`, an `optional_channel` one on its criterion: neither is listed here).
    pub sources: &'static [SourceId],
    /// The standard remedy in Vietnamese.
    pub remedy_vi: &'static str,
    /// The standard remedy in English.
    pub remedy_en: &'static str,
}

/// Every finding kind (RULES.md, "Measures per procedure", "Groups", and version 2).
pub const FINDINGS: [FindingRule; 6] = [
    FindingRule {
        kind: FindingKind::Timing,
        code: "F-TIMING",
        title_vi: "Vượt thời hạn giải quyết",
        title_en: "Over the time limit",
        wording_vi: "Xác định trình tự các bước cần thực hiện từ khi nộp hồ sơ đến khi nhận kết quả giải quyết",
        sources: &[],
        remedy_vi: "Rút ngắn đường găng: bỏ bước trung gian, xử lý song song, chuyển giao điện tử giữa các cơ quan",
        remedy_en: "Shorten the critical path: drop intermediate steps, run steps in parallel, hand over electronically",
    },
    FindingRule {
        kind: FindingKind::FieldVerification,
        code: "F-FIELD-VERIFICATION",
        title_vi: "Thẩm tra, xác minh tại hiện trường",
        title_en: "On-site verification",
        wording_vi: "Cơ quan nhà nước phải đi thẩm tra, xác minh tại hiện trường theo quy định của pháp luật",
        sources: &[SourceId::Criteria, SourceId::FieldPolicy],
        remedy_vi: "Công khai lý do và quy định pháp luật yêu cầu xác minh tại hiện trường; xem xét xác minh qua cơ sở dữ liệu",
        remedy_en: "Publish the reason and the legal provision requiring on-site verification; consider verifying against the databases",
    },
    FindingRule {
        kind: FindingKind::OnceOnly,
        code: "F-ONCE-ONLY",
        title_vi: "Yêu cầu cung cấp thông tin nhiều lần",
        title_en: "Information asked more than once",
        wording_vi: "Tổ chức, cá nhân chỉ cung cấp thông tin một lần; khai thác, sử dụng lại thông tin đã có trong cơ sở dữ liệu",
        sources: &[SourceId::OnceOnly],
        remedy_vi: "Chỉ yêu cầu giấy tờ một lần; các thủ tục sau nhận qua liên thông hoặc khai thác từ cơ sở dữ liệu",
        remedy_en: "Ask for the document once; later procedures receive it through the link or from the database",
    },
    FindingRule {
        kind: FindingKind::Link,
        code: "F-LINK",
        title_vi: "Liên thông chưa thực hiện điện tử",
        title_en: "Link not online",
        wording_vi: "Quá trình xử lý hồ sơ và cung cấp dịch vụ được thực hiện trên môi trường điện tử; thực hiện cơ chế một cửa, một cửa liên thông",
        sources: &[SourceId::Criteria, SourceId::SingleWindow],
        remedy_vi: "Chuyển hồ sơ, kết quả giữa các cơ quan qua phần mềm liên thông điện tử",
        remedy_en: "Pass dossiers and results between the agencies through the electronic inter-linking software",
    },
    FindingRule {
        kind: FindingKind::SingleWindow,
        code: "F-SINGLE-WINDOW",
        title_vi: "Nộp hồ sơ nhiều lần trong nhóm liên thông",
        title_en: "Filing more than once in a group",
        wording_vi: "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        sources: &[SourceId::SingleWindow],
        remedy_vi: "Tiếp nhận một bộ hồ sơ duy nhất tại một cửa liên thông; các cơ quan sau nhận qua liên thông",
        remedy_en: "Take one dossier at a single inter-linked window; the other agencies receive it through the links",
    },
    FindingRule {
        kind: FindingKind::OptionalChannel,
        code: "F-OPTIONAL-CHANNEL",
        title_vi: "Phương án trực tiếp giữ lại theo lựa chọn của người dân",
        title_en: "In-person option kept at the applicant's choice",
        wording_vi: "Không yêu cầu tổ chức, cá nhân phải nộp, xuất trình bản giấy, hiện diện hoặc có mặt khi nhận kết quả: một phương án trực tiếp bên cạnh phương án điện tử đáp ứng tiêu chí là hợp pháp",
        sources: &[],
        remedy_vi: "Không cần tái cấu trúc: giữ phương án này nếu người dân muốn; bảo đảm phương án điện tử luôn sẵn có",
        remedy_en: "No re-engineering needed: keep this option for applicants who want it; keep the electronic option always available",
    },
];

/// The row of a finding kind.
pub fn finding(kind: FindingKind) -> &'static FindingRule {
    // FINDINGS lists every variant; the test `every_finding_kind_has_a_row` holds that.
    FINDINGS
        .iter()
        .find(|f| f.kind == kind)
        .unwrap_or(&FINDINGS[0])
}

/// What a partial service must publish (Nghị định 224/2026/NĐ-CP, Điều 14: not verified).
pub const PARTIAL_PUBLISH_WORDING_VI: &str = "Dịch vụ chỉ cung cấp một phần phải công khai trên Cổng Dịch vụ công quốc gia lý do và quy định pháp luật: tổ chức, cá nhân phải hiện diện theo quy định; cơ quan phải thẩm tra, xác minh tại hiện trường; sự cố kỹ thuật chưa khắc phục được ngay; vướng mắc kỹ thuật khác";

/// A legal reference the tool relies on: one row of [`SOURCES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceId {
    /// The 8 criteria of a fully online service.
    Criteria,
    /// The two levels of an online public service (toàn trình).
    Levels,
    /// The "một phần" rule (criteria 1, 2, 3, 4, 7) and "chỉ đáp ứng các tiêu chí 1, 2".
    PartialRule,
    /// Presence or on-site verification required by law: the exception.
    PresenceException,
    /// Tell the applicant that a service is not fully online.
    TellApplicant,
    /// Electronic results to the applicant's data store; paper results converted.
    ElectronicResult,
    /// Give information once.
    OnceOnly,
    /// One-stop and inter-linked one-stop handling.
    SingleWindow,
    /// Which procedures to review first (Điều 16).
    Selection,
    /// How a procedure or group is reviewed and drawn (Điều 17).
    Review,
    /// Publish the reason and the provision of a partial service (Nghị định 224/2026, Điều 14).
    PublishReason,
    /// On-site verification among the reasons a service may stay partial (the policy behind
    /// `--field-verification`).
    FieldPolicy,
    /// The older four levels.
    LegacyLevels,
}

/// One legal reference: the document, the provision, and whether the wording the tool relies
/// on was checked against the source summaries the project ships (secondary summaries of the
/// texts, not the official gazette).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalSource {
    /// Which reference this is.
    pub id: SourceId,
    /// The legal document (`Nghị định 42/2022/NĐ-CP`).
    pub document: &'static str,
    /// The article, clause or point; `None` where the summaries give none (none is printed).
    pub provision: Option<&'static str>,
    /// The wording was found in the source summaries (otherwise printed with "(chưa đối chiếu)",
    /// not checked).
    pub verified: bool,
    /// The short quote the check relies on, where verified.
    pub quote: Option<&'static str>,
}

/// Every legal reference the tool prints (besides the model's own `required_by` and
/// `legal_basis`, printed as the model's words).
pub const SOURCES: [LegalSource; 13] = [
    LegalSource {
        id: SourceId::Criteria,
        document: "Thông tư 01/2023/TT-VPCP",
        provision: None,
        verified: true,
        quote: Some(
            "Tiêu chí đối với dịch vụ công trực tuyến toàn trình trong thực hiện thủ tục hành chính trên môi trường điện tử",
        ),
    },
    LegalSource {
        id: SourceId::Levels,
        document: "Nghị định 42/2022/NĐ-CP",
        provision: Some("Điều 11 khoản 1 điểm a"),
        verified: true,
        quote: Some(
            "Dịch vụ công trực tuyến một phần: là dịch vụ công trực tuyến không bảo đảm các điều kiện quy định tại điểm a khoản 1 Điều 11",
        ),
    },
    LegalSource {
        id: SourceId::PartialRule,
        document: "Thông tư 01/2023/TT-VPCP",
        provision: None,
        verified: true,
        quote: Some(
            "phải bảo đảm đáp ứng những tiêu chí quy định tại điểm 1, 2, 3, 4 và 7; … chỉ đáp ứng các tiêu chí quy định tại điểm 1, 2 … được coi là dịch vụ cung cấp thông tin trực tuyến",
        ),
    },
    LegalSource {
        id: SourceId::PresenceException,
        document: "Nghị định 42/2022/NĐ-CP",
        provision: None,
        verified: true,
        quote: Some(
            "trừ trường hợp tổ chức, cá nhân sử dụng dịch vụ phải hiện diện tại cơ quan nhà nước hoặc cơ quan nhà nước phải đi thẩm tra, xác minh tại hiện trường theo quy định",
        ),
    },
    LegalSource {
        id: SourceId::TellApplicant,
        document: "Nghị định 137/2024/NĐ-CP",
        provision: Some("Điều 8"),
        verified: true,
        quote: Some(
            "Trong trường hợp chưa thực hiện toàn trình trên môi trường điện tử, cơ quan nhà nước phải thông báo để tổ chức, cá nhân được biết",
        ),
    },
    LegalSource {
        id: SourceId::ElectronicResult,
        document: "Nghị định 137/2024/NĐ-CP",
        provision: Some("Điều 8"),
        verified: true,
        quote: Some(
            "trả kết quả giải quyết thủ tục hành chính bản điện tử tại Kho quản lý dữ liệu điện tử của tổ chức, cá nhân",
        ),
    },
    LegalSource {
        id: SourceId::OnceOnly,
        document: "Nghị định 42/2022/NĐ-CP",
        provision: None,
        verified: true,
        quote: Some(
            "Bảo đảm nguyên tắc tổ chức, cá nhân chỉ cung cấp thông tin một lần cho cơ quan nhà nước",
        ),
    },
    LegalSource {
        id: SourceId::SingleWindow,
        document: "Nghị định 137/2024/NĐ-CP",
        provision: Some("Điều 8"),
        verified: true,
        quote: Some(
            "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        ),
    },
    LegalSource {
        id: SourceId::Selection,
        document: "Thông tư 01/2023/TT-VPCP",
        provision: Some("Điều 16"),
        verified: true,
        quote: Some(
            "Tiêu chí lựa chọn thủ tục hành chính được thực hiện rà soát, đánh giá để cung cấp dịch vụ công trực tuyến",
        ),
    },
    LegalSource {
        id: SourceId::Review,
        document: "Thông tư 01/2023/TT-VPCP",
        provision: Some("Điều 17"),
        verified: true,
        quote: Some(
            "Rà soát quy trình thực hiện thủ tục hành chính … theo hai loại là thủ tục hành chính đơn lẻ và nhóm thủ tục hành chính liên thông",
        ),
    },
    LegalSource {
        id: SourceId::PublishReason,
        document: "Nghị định 224/2026/NĐ-CP",
        provision: Some("Điều 14"),
        verified: false,
        quote: None,
    },
    LegalSource {
        id: SourceId::FieldPolicy,
        document: "Nghị định 224/2026/NĐ-CP",
        provision: Some("Điều 14"),
        verified: false,
        quote: None,
    },
    LegalSource {
        id: SourceId::LegacyLevels,
        document: "Thông tư 26/2009/TT-BTTTT",
        provision: Some("Điều 3"),
        verified: true,
        quote: Some("quy định về mức độ của dịch vụ công trực tuyến … chia làm 4 mức"),
    },
];

/// The row of a legal source.
pub fn source(id: SourceId) -> &'static LegalSource {
    // SOURCES lists every variant; the test `every_source_has_a_row` holds that.
    SOURCES.iter().find(|s| s.id == id).unwrap_or(&SOURCES[0])
}

/// The legal documents of the rule set with their dates, for report headers.
pub const DOCUMENTS: [(&str, &str, &str); 5] = [
    ("Thông tư 01/2023/TT-VPCP", "ngày 05/4/2023", "of 05/4/2023"),
    ("Nghị định 42/2022/NĐ-CP", "ngày 24/6/2022", "of 24/6/2022"),
    (
        "Nghị định 137/2024/NĐ-CP",
        "ngày 23/10/2024",
        "of 23/10/2024",
    ),
    (
        "Nghị định 224/2026/NĐ-CP",
        "có hiệu lực từ 01/7/2026; chưa đối chiếu văn bản",
        "in force from 01/7/2026; text not verified",
    ),
    (
        "Thông tư 26/2009/TT-BTTTT",
        "ngày 31/7/2009",
        "of 31/7/2009",
    ),
];

/// How the older four levels are labelled.
pub const LEGACY_LABEL_VI: &str = "mức độ theo Thông tư 26/2009/TT-BTTTT, Điều 3 (Nghị định 42/2022/NĐ-CP nay quy định hai mức độ)";
/// The same in English.
pub const LEGACY_LABEL_EN: &str = "level under Thông tư 26/2009/TT-BTTTT, Điều 3 (Nghị định 42/2022/NĐ-CP now defines two levels)";

/// Every stable code of the rule set, for the uniqueness test and the docs.
pub fn all_codes() -> Vec<&'static str> {
    CRITERIA
        .iter()
        .map(|c| c.code)
        .chain(CAUSES.iter().map(|c| c.code))
        .chain(FINDINGS.iter().map(|f| f.code))
        .collect()
}

/// Renders `docs/RULES-TABLE.md` from the tables above: one section per table, then the
/// partial-service duty and the older levels.
pub fn rules_table_markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Rule table: {}", RULE_SET.title());
    out.push('\n');
    let _ = writeln!(
        out,
        "<!-- Generated from crates/analyze/src/rules.rs by `rules_table_markdown()`. Do not edit by hand: \
         run `UPDATE_DOCS=1 cargo test -p quytrinh-analyze --test analyze rules_table` to regenerate. -->"
    );
    out.push('\n');
    let _ = writeln!(out, "Rule set id (JSON `rules`): `{}`.", RULE_SET.id());
    out.push('\n');
    criteria_section(&mut out);
    causes_section(&mut out);
    findings_section(&mut out);
    out.push_str("\n## What a partial service must publish\n\n");
    let _ = writeln!(
        out,
        "{} ({}). The report lists, per procedure that is not fully online, the reason category and the legal provision (`required_by`) of each justified blocker; unjustified blockers are re-engineering targets.",
        PARTIAL_PUBLISH_WORDING_VI,
        source(SourceId::PublishReason).citation()
    );
    out.push_str("\n## Older four levels (`legacy_level`)\n\n");
    let _ = writeln!(
        out,
        "{}: 1 = criterion 1; 2 = level 1 and criterion 2; 3 = level 2, criteria 3 and 4, no step on paper \
         and no `appear` step in person; 4 = level 3, and criteria 5 and 8 met or not applicable (judged on the best strategy).",
        LEGACY_LABEL_EN
    );
    sources_section(&mut out);
    out
}

/// The 8 criteria, with how they make the levels.
fn criteria_section(out: &mut String) {
    out.push_str("## The 8 criteria of a fully online public service (dịch vụ công trực tuyến toàn trình)\n\n");
    out.push_str(
        "Rules version 2: criteria 3, 4, 5, 6 and 8 are judged on the applicant's best way through the \
         procedure (docs/RULES.md). A service is **toàn trình** (`full_online`) when all 8 are met or not \
         applicable; **một phần** (`partial_online`) when criteria 1, 2, 3, 4 and 7 are met; \
         `partial_below_criteria` (the tool's own level) when 1 and 2 are met, a filing step is online and \
         criterion 3 or 4 is met; **cung cấp thông tin trực tuyến** (`information_only`) when criteria 1 and \
         2 are met; otherwise `offline` (chưa cung cấp trực tuyến).\n\n",
    );
    out.push_str("| # | code | criterion (Vietnamese wording) | short (English) | clause | standard remedy (vi) | standard remedy (en) |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for c in &CRITERIA {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} |",
            c.number,
            c.code,
            cell(c.wording_vi),
            cell(c.short_en),
            cell(c.clause),
            cell(c.remedy_vi),
            cell(c.remedy_en)
        );
    }
}

/// The blocker causes, and the once-only remedy that replaces theirs.
fn causes_section(out: &mut String) {
    out.push_str(
        "\n## Blocker causes (one blocker per step or document that breaks a criterion)\n\n",
    );
    out.push_str("| code | criteria | cause | reason_category | remedy (vi) | remedy (en) | also rests on |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for c in &CAUSES {
        let criteria: Vec<String> = c.criteria.iter().map(u8::to_string).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | `{}` | {} | {} | {} |",
            c.code,
            criteria.join(", "),
            cell(c.what_en),
            c.category.as_str(),
            cell(c.remedy_vi),
            cell(c.remedy_en),
            cell(&sources_text(c.also))
        );
    }
    let _ = writeln!(
        out,
        "\nA paper document whose `available_from` names a database or another procedure gets the \
         once-only remedy instead (\"{} …\", {}).",
        ONCE_ONLY_DOCUMENT_REMEDY_VI,
        source(SourceId::OnceOnly).citation()
    );
}

/// The finding kinds.
fn findings_section(out: &mut String) {
    out.push_str("\n## Findings\n\n");
    out.push_str(
        "| code | kind | finding | Vietnamese wording | clause | remedy (vi) | remedy (en) |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|\n");
    for f in &FINDINGS {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {} | {} | {} |",
            f.code,
            f.kind.as_str(),
            cell(f.title_en),
            cell(f.wording_vi),
            cell(&sources_text(f.sources)),
            cell(f.remedy_vi),
            cell(f.remedy_en)
        );
    }
}

/// The legal sources, with what `verified` means.
fn sources_section(out: &mut String) {
    out.push_str("\n## Legal sources\n\n");
    out.push_str(
        "`verified` means the wording the tool relies on appears in the source summaries the project \
         was built from (secondary summaries of the texts, not the official gazette); the quote is that \
         wording. Unverified references are printed with \"(chưa đối chiếu)\".\n\n",
    );
    out.push_str("| source | document | provision | verified | quote |\n|---|---|---|---|---|\n");
    for src in &SOURCES {
        let _ = writeln!(
            out,
            "| `{:?}` | {} | {} | {} | {} |",
            src.id,
            cell(src.document),
            cell(src.provision.unwrap_or("–")),
            if src.verified { "yes" } else { "no" },
            cell(src.quote.unwrap_or("–"))
        );
    }
}

impl LegalSource {
    /// `Nghị định 137/2024/NĐ-CP, Điều 8`, and ` (chưa đối chiếu)` when not verified.
    pub fn citation(&self) -> String {
        let mut s = self.document.to_owned();
        if let Some(p) = self.provision {
            s.push_str(", ");
            s.push_str(p);
        }
        if !self.verified {
            s.push_str(" (chưa đối chiếu)");
        }
        s
    }
}

fn sources_text(ids: &[SourceId]) -> String {
    if ids.is_empty() {
        return "–".to_owned();
    }
    ids.iter()
        .map(|&id| source(id).citation())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let codes = all_codes();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len(), "duplicate code in {codes:?}");
    }

    #[test]
    fn criteria_are_numbered_in_order() {
        for (i, c) in CRITERIA.iter().enumerate() {
            assert_eq!(usize::from(c.number), i + 1);
            assert_eq!(c.code, format!("TC{}", c.number));
        }
    }

    /// The name written by hand (`Cause::as_str`) is the serialised one, for every cause.
    #[test]
    fn cause_names_are_the_serialised_ones() {
        for row in &CAUSES {
            assert_eq!(
                serde_json::to_value(row.cause).unwrap(),
                serde_json::Value::from(row.cause.as_str())
            );
        }
    }

    /// One row per `Cause`: as many rows as variants (`PresenceAtHandOver` is the last), no
    /// cause twice; each row's code starts with its first criterion's.
    #[test]
    fn every_cause_has_a_row() {
        assert_eq!(Cause::PresenceAtHandOver as usize + 1, CAUSES.len());
        let mut seen = std::collections::BTreeSet::new();
        for c in &CAUSES {
            assert!(seen.insert(c.cause), "{:?} twice", c.cause);
            assert_eq!(cause(c.cause), c);
            assert!(c.code.starts_with(&format!("TC{}", c.criteria[0])));
        }
    }

    #[test]
    fn every_finding_kind_has_a_row() {
        use FindingKind::*;
        for k in [
            Timing,
            FieldVerification,
            OnceOnly,
            Link,
            SingleWindow,
            OptionalChannel,
        ] {
            assert_eq!(finding(k).kind, k);
        }
    }

    /// The rows of `SOURCES` stand in the order of `SourceId`'s variants, one each (so a
    /// variant inserted without its row shifts the ones after it and fails here).
    #[test]
    fn every_source_has_a_row_and_verified_ones_quote() {
        assert_eq!(SourceId::LegacyLevels as usize + 1, SOURCES.len());
        for (i, s) in SOURCES.iter().enumerate() {
            assert_eq!(s.id as usize, i, "{:?} out of place", s.id);
            assert_eq!(source(s.id), s);
            assert_eq!(s.verified, s.quote.is_some(), "{:?}", s.id);
        }
    }
}
