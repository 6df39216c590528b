//! The sentences of reasons and remedies, in Vietnamese or English, built from the rule table.

use quytrinh_model::{Channel, Lang};

use crate::format::capitalize;
use crate::report::{Asked, Blocker, Finding, FindingDetail};
use crate::rules::{self, Cause, SourceId};

/// Days without a needless `.0`, in the reader's decimal style: `1`, `8,5`, `0,25` in
/// Vietnamese; `1`, `8.5`, `0.25` in English (as the diagrams write them).
pub fn days(d: f64, lang: Lang) -> String {
    lang.decimal(d)
}

/// "ngày" in Vietnamese; "day" or "days" in English, after a number of days `d`.
pub(crate) fn unit(d: f64, lang: Lang) -> &'static str {
    lang.pick(
        "ngày",
        if (d - 1.0).abs() < 1e-9 {
            "day"
        } else {
            "days"
        },
    )
}

/// A count with thousands separators: `1.500.000` in Vietnamese, `1,500,000` in English.
pub fn count(n: u64, lang: Lang) -> String {
    lang.thousands(n)
}

/// `Bước “Nộp hồ sơ” [nop]`: a step by its name, with its id.
fn step_label(id: &str, name: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(16 + name.len() + id.len());
    quoted(&mut out, lang.pick("Bước", "Step"), name, id);
    out
}

/// The reason of a blocker: `Bước “name” [id]` (with the document, or the channel where the
/// cause is about it), then what breaks the criterion. Written piece by piece: every blocker of
/// a large catalogue has one, and `format!` cost several times more.
pub(crate) fn blocker_reason(b: &Blocker, lang: Lang) -> String {
    let rule = rules::cause(b.cause);
    let what = lang.pick(rule.what_vi, rule.what_en);
    let Some(id) = b.step.as_deref() else {
        return capitalize(what);
    };
    let name = b.step_name.as_deref().unwrap_or(id);
    let mut out = String::with_capacity(64 + name.len() + id.len() + what.len());
    quoted(&mut out, lang.pick("Bước", "Step"), name, id);
    if let Some(doc) = &b.document {
        let name = b.document_name.as_deref().unwrap_or(doc);
        out.push_str(", ");
        quoted(&mut out, lang.pick("giấy tờ", "document"), name, doc);
        out.push_str(": ");
        out.push_str(what);
        return out;
    }
    out.push_str(": ");
    out.push_str(what);
    let about_channel = matches!(
        b.cause,
        Cause::FilingNotOnline | Cause::PaymentNotOnline | Cause::ReturnNotRemote | Cause::Presence
    );
    if let Some(c) = b.channel.filter(|_| about_channel) {
        out.push_str(" (");
        out.push_str(lang.pick("kênh", "channel"));
        out.push_str(": ");
        out.push_str(c.label(lang));
        out.push(')');
    }
    out
}

/// `label “name” [id]`.
fn quoted(out: &mut String, label: &str, name: &str, id: &str) {
    out.push_str(label);
    out.push_str(" “");
    out.push_str(name);
    out.push_str("” [");
    out.push_str(id);
    out.push(']');
}

pub(crate) fn blocker_remedy(b: &Blocker, lang: Lang) -> String {
    remedy(
        b.cause,
        b.available_from.as_deref(),
        b.required_by.is_some(),
        lang,
    )
}

/// The remedy of a blocker from what it depends on: its cause, where its document is already
/// held, and whether a provision requires the step or document.
pub(crate) fn remedy(
    cause: Cause,
    available_from: Option<&str>,
    required: bool,
    lang: Lang,
) -> String {
    remedy_of(cause, available_from, required, lang).into_owned()
}

/// [`remedy`], borrowed from a table made once where it depends on nothing but its cause,
/// `required` and `lang` (every blocker and target of a large catalogue has one).
pub(crate) fn remedy_of(
    cause: Cause,
    available_from: Option<&str>,
    required: bool,
    lang: Lang,
) -> std::borrow::Cow<'static, str> {
    /// By cause (`cause as usize`, one row each), then `required`, then the language.
    static TABLE: std::sync::OnceLock<Vec<Option<[[String; 2]; 2]>>> = std::sync::OnceLock::new();
    if available_from.is_none() {
        let table = TABLE.get_or_init(|| {
            let mut table = vec![None; rules::CAUSES.len()];
            for row in &rules::CAUSES {
                if let Some(slot) = table.get_mut(row.cause as usize) {
                    *slot =
                        Some([false, true].map(|r| {
                            [Lang::Vi, Lang::En].map(|l| remedy_text(row.cause, None, r, l))
                        }));
                }
            }
            table
        });
        if let Some(text) = table
            .get(cause as usize)
            .and_then(Option::as_ref)
            .and_then(|t| t.get(usize::from(required)))
            .and_then(|t| t.get(usize::from(lang == Lang::En)))
        {
            return std::borrow::Cow::Borrowed(text.as_str());
        }
    }
    std::borrow::Cow::Owned(remedy_text(cause, available_from, required, lang))
}

fn remedy_text(cause: Cause, available_from: Option<&str>, required: bool, lang: Lang) -> String {
    let rule = rules::cause(cause);
    let mut out = match (available_from, cause) {
        (Some(source), Cause::PaperInDossier | Cause::PaperDocument) => format!(
            "{} {source} ({}, {})",
            lang.pick(
                rules::ONCE_ONLY_DOCUMENT_REMEDY_VI,
                rules::ONCE_ONLY_DOCUMENT_REMEDY_EN
            ),
            lang.pick("chỉ cung cấp thông tin một lần", "once-only rule"),
            rules::source(SourceId::OnceOnly).citation()
        ),
        _ => lang.pick(rule.remedy_vi, rule.remedy_en).to_owned(),
    };
    if required {
        out.push_str(&format!(
            " ({}: {}; {}: {})",
            lang.pick(
                "phải sửa đổi quy định trước; trong thời gian chưa sửa đổi, thông báo cho tổ chức, cá nhân",
                "the provision must be amended first; until it is, tell the applicant"
            ),
            rules::source(SourceId::TellApplicant).citation(),
            lang.pick(
                "công khai lý do và quy định",
                "publish the reason and the provision"
            ),
            rules::source(SourceId::PublishReason).citation()
        ));
    }
    out
}

/// The reason of a finding, in one sentence built from its evidence: one function per kind.
pub(crate) fn finding_reason(f: &Finding, lang: Lang) -> String {
    match &f.detail {
        FindingDetail::Timing {
            critical_path_days,
            time_limit_days,
            path,
        } => timing_reason(*critical_path_days, *time_limit_days, path, lang),
        FindingDetail::FieldVerification {
            step,
            step_name,
            required_by,
        } => field_verification_reason(
            &step_label(step, step_name, lang),
            required_by.as_deref(),
            lang,
        ),
        FindingDetail::SameDocument {
            procedures,
            asked,
            available_from,
            ..
        } => same_document_reason(procedures, asked, available_from.as_deref(), lang),
        FindingDetail::ResultAsked {
            procedure,
            step,
            document_name,
            produced_by,
            linked,
            ..
        } => result_asked_reason(procedure, step, document_name, produced_by, *linked, lang),
        FindingDetail::Link {
            from,
            to,
            channel,
            label,
        } => link_reason(from, to, *channel, label.as_deref(), lang),
        FindingDetail::OptionalChannel {
            criterion,
            step,
            step_name,
            instead,
        } => optional_channel_reason(
            *criterion,
            &step_label(step, step_name, lang),
            instead.as_deref(),
            lang,
        ),
        FindingDetail::SingleWindow { procedures, .. } => single_window_reason(procedures, lang),
    }
}

/// `Đường găng 12 ngày > thời hạn 10 ngày (a → b)`.
fn timing_reason(
    critical_path_days: f64,
    time_limit_days: f64,
    path: &[String],
    lang: Lang,
) -> String {
    format!(
        "{} {} {} > {} {} {} ({})",
        lang.pick("Đường găng", "The critical path takes"),
        days(critical_path_days, lang),
        lang.pick("ngày", "days"),
        lang.pick("thời hạn", "the time limit of"),
        days(time_limit_days, lang),
        unit(time_limit_days, lang),
        path.join(" → ")
    )
}

/// An on-site verification at `step` (its label) allowed by `--field-verification allowed`,
/// with the provision that requires it, if any.
fn field_verification_reason(step: &str, required_by: Option<&str>, lang: Lang) -> String {
    let mut s = format!(
        "{step}: {}",
        lang.pick(
            "cơ quan thẩm tra, xác minh tại hiện trường (được chấp nhận theo --field-verification allowed, không làm tiêu chí 6 không đạt)",
            "the agency verifies on site (allowed by --field-verification allowed: criterion 6 is not broken by it)"
        )
    );
    if let Some(law) = required_by {
        s.push_str(&format!(" — {} {law}", lang.pick("theo", "required by")));
    }
    s
}

/// A document asked again: from a place that already holds it (`available_from`), or by
/// several members of a group.
fn same_document_reason(
    procedures: &[String],
    asked: &[Asked],
    available_from: Option<&str>,
    lang: Lang,
) -> String {
    let places: Vec<String> = asked
        .iter()
        .map(|a| format!("{}/{} “{}”", a.procedure, a.step, a.name))
        .collect();
    match available_from {
        Some(source) => format!(
            "{}: {} {source}",
            places.join(", "),
            lang.pick(
                "tổ chức, cá nhân vẫn phải cung cấp giấy tờ đã có trong",
                "the applicant still gives a document held by"
            )
        ),
        None => format!(
            "{} {}: {}",
            lang.pick(
                "Cùng một giấy tờ được yêu cầu bởi",
                "The same document is asked for by"
            ),
            procedures.join(", "),
            places.join(", ")
        ),
    }
}

/// A member's step (`procedure`/`step`) asks the applicant for another member's result.
fn result_asked_reason(
    procedure: &str,
    step: &str,
    document_name: &str,
    produced_by: &str,
    linked: bool,
    lang: Lang,
) -> String {
    format!(
        "{procedure}/{step} {} “{document_name}”, {} {produced_by}{}",
        lang.pick("yêu cầu tổ chức, cá nhân nộp", "asks the applicant for"),
        lang.pick("là kết quả của thủ tục", "which is the result of"),
        if linked {
            lang.pick(
                " (đã có liên thông chuyển kết quả này)",
                " (a link already passes it on)",
            )
        } else {
            lang.pick(" (chưa có liên thông)", " (no link passes it on)")
        }
    )
}

/// A link between members that is not online.
fn link_reason(from: &str, to: &str, channel: Channel, label: Option<&str>, lang: Lang) -> String {
    format!(
        "{} {from} → {to}{} {} {}",
        lang.pick("Liên thông", "Link"),
        label.map(|l| format!(" “{l}”")).unwrap_or_default(),
        lang.pick("thực hiện", "is done"),
        channel.label(lang)
    )
}

/// A step (`step`, its label) that breaks `criterion` on an option the applicant may choose
/// instead of the one that meets it (starting at `instead`).
fn optional_channel_reason(criterion: u8, step: &str, instead: Option<&str>, lang: Lang) -> String {
    let mut out = format!(
        "{step} {} {} ({})",
        lang.pick("không đáp ứng tiêu chí", "does not meet criterion"),
        criterion,
        lang.pick(
            "phương án trực tiếp giữ lại theo lựa chọn của người dân",
            "an in-person option kept at the applicant's choice"
        )
    );
    if let Some(other) = instead {
        out.push_str(&format!(
            "; {} [{other}]",
            lang.pick(
                "phương án đáp ứng tiêu chí bắt đầu từ bước",
                "the option that meets it starts at step"
            )
        ));
    }
    out
}

/// The applicant files once per member that has a filing step.
fn single_window_reason(procedures: &[String], lang: Lang) -> String {
    format!(
        "{} {} {}",
        lang.pick("Tổ chức, cá nhân phải nộp hồ sơ", "The applicant files"),
        procedures.len(),
        lang.pick(
            &format!("lần ({})", procedures.join(", ")),
            &format!("times ({})", procedures.join(", "))
        )
    )
}

pub(crate) fn finding_remedy(f: &Finding, lang: Lang) -> String {
    let rule = rules::finding(f.kind);
    match &f.detail {
        FindingDetail::SameDocument {
            available_from: Some(source),
            ..
        } => format!(
            "{} {source} ({})",
            lang.pick(
                rules::ONCE_ONLY_DOCUMENT_REMEDY_VI,
                rules::ONCE_ONLY_DOCUMENT_REMEDY_EN
            ),
            rules::source(SourceId::OnceOnly).citation()
        ),
        FindingDetail::ResultAsked {
            produced_by,
            procedure,
            ..
        } => format!(
            "{} {produced_by} → {procedure} ({})",
            lang.pick(
                "Nhận kết quả qua liên thông điện tử",
                "Receive the result through an electronic link"
            ),
            rules::source(SourceId::OnceOnly).citation()
        ),
        _ => lang.pick(rule.remedy_vi, rule.remedy_en).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(days(1.0, Lang::Vi), "1");
        assert_eq!(days(8.5, Lang::En), "8.5");
        assert_eq!(days(8.5, Lang::Vi), "8,5");
        assert_eq!(days(0.1 + 0.2, Lang::En), "0.3");
        assert_eq!(count(1_500_000, Lang::Vi), "1.500.000");
        assert_eq!(count(1_500_000, Lang::En), "1,500,000");
        assert_eq!(count(999, Lang::En), "999");
    }

    /// The table of remedies gives, borrowed, what is made for each blocker otherwise; a
    /// remedy that names where a document is held is made each time.
    #[test]
    fn remedies_from_the_table_are_those_made_each_time() {
        for row in &rules::CAUSES {
            for required in [false, true] {
                for lang in [Lang::Vi, Lang::En] {
                    let made = remedy_text(row.cause, None, required, lang);
                    let got = remedy_of(row.cause, None, required, lang);
                    assert!(
                        matches!(got, std::borrow::Cow::Borrowed(_)),
                        "{:?}",
                        row.cause
                    );
                    assert_eq!(got, made);
                    let from = Some("Cơ sở dữ liệu quốc gia về dân cư");
                    assert_eq!(
                        remedy_of(row.cause, from, required, lang),
                        remedy_text(row.cause, from, required, lang)
                    );
                }
            }
        }
    }
}
