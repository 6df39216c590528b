//! The changes list, in Vietnamese or English.

use std::fmt::Write as _;

use quytrinh_analyze::Level;
use quytrinh_model::Lang;

use crate::change::{Change, ChangeKind, Kept, Value};

/// A procedure's or group's level before and after, for the head of the changes list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    /// The procedure's or group's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The as-is level.
    pub before: Level,
    /// The to-be level.
    pub after: Level,
}

/// What a change does, in a few words (the Vietnamese form is the one noted in the model).
pub fn what(c: &Change, lang: Lang) -> String {
    let doc = c
        .document_name
        .as_deref()
        .or(c.document.as_deref())
        .unwrap_or_default();
    let source = c.source.as_deref().unwrap_or_default();
    match c.kind {
        ChangeKind::Publish => lang
            .pick(
                "công khai đầy đủ thông tin trên CSDL quốc gia về TTHC",
                "publish the full information on the national TTHC database",
            )
            .to_owned(),
        ChangeKind::FormsDownloadable => lang
            .pick(
                "đăng tải mẫu đơn, tờ khai để tải về",
                "put the forms up for download",
            )
            .to_owned(),
        ChangeKind::FileOnline => lang.pick("gửi hồ sơ trực tuyến", "file online").to_owned(),
        ChangeKind::DigitalSignature => lang.pick("ký số", "digital signature").to_owned(),
        ChangeKind::LookedUp => match lang {
            Lang::Vi => format!("không yêu cầu {doc}, khai thác từ {source}"),
            Lang::En => format!("stop asking for {doc}: looked up from {source}"),
        },
        ChangeKind::ElectronicCopy => lang
            .pick("chấp nhận bản điện tử", "accept an electronic copy")
            .to_owned(),
        ChangeKind::PayOnline => lang.pick("thanh toán trực tuyến", "pay online").to_owned(),
        ChangeKind::PaymentAdded => lang
            .pick(
                "thêm bước thanh toán trực tuyến",
                "add an online payment step",
            )
            .to_owned(),
        ChangeKind::PresenceRemoved => lang
            .pick(
                "xác thực điện tử thay cho hiện diện",
                "electronic identification instead of presence",
            )
            .to_owned(),
        ChangeKind::ProcessOnline => lang
            .pick(
                "xử lý, luân chuyển trên hệ thống điện tử",
                "process and transfer on the electronic systems",
            )
            .to_owned(),
        ChangeKind::VerifyOnline => lang
            .pick(
                "xác minh qua cơ sở dữ liệu dùng chung thay cho xác minh tại hiện trường",
                "verify against the shared databases instead of on site",
            )
            .to_owned(),
        ChangeKind::ElectronicResult => lang
            .pick("cấp kết quả bản điện tử", "issue an electronic result")
            .to_owned(),
        ChangeKind::ReturnOnline => lang
            .pick("trả kết quả trực tuyến", "return the result online")
            .to_owned(),
        ChangeKind::ReturnAdded => lang
            .pick(
                "thêm bước trả kết quả trực tuyến",
                "add a step that returns the result online",
            )
            .to_owned(),
        ChangeKind::SingleWindow => match lang {
            Lang::Vi => format!(
                "tiếp nhận hồ sơ qua liên thông từ {source}, không nộp lại (một cửa liên thông)"
            ),
            Lang::En => format!(
                "receive the dossier through the link from {source} instead of a second filing (single window)"
            ),
        },
        ChangeKind::AskedOnce => match lang {
            Lang::Vi => format!("nhận {doc} qua liên thông từ {source}, không yêu cầu lại"),
            Lang::En => format!("receive {doc} through the link from {source}, not asked again"),
        },
        ChangeKind::ResultThroughLink => match lang {
            Lang::Vi => format!("nhận {doc} (kết quả của {source}) qua liên thông"),
            Lang::En => format!("receive {doc} (the result of {source}) through the link"),
        },
        ChangeKind::LinkAdded => match &c.link {
            Some(l) => match lang {
                Lang::Vi => format!("thêm liên thông điện tử {} → {}", l.from, l.to),
                Lang::En => format!("add an online link {} → {}", l.from, l.to),
            },
            None => lang
                .pick("thêm liên thông điện tử", "add an online link")
                .to_owned(),
        },
        ChangeKind::ByPost => match lang {
            Lang::Vi => format!(
                "gửi qua bưu chính công ích thay cho đến trực tiếp; {doc} vẫn là bản giấy theo quy định, chưa thể thực hiện trực tuyến"
            ),
            Lang::En => format!(
                "by public postal service instead of in person; {doc} stays on paper as the law requires, so the step cannot go online yet"
            ),
        },
        ChangeKind::Renamed => {
            let old = c.before.as_deref().unwrap_or_default();
            match lang {
                Lang::Vi => {
                    format!("đặt lại tên bước cho khớp cách thực hiện mới (tên cũ: “{old}”)")
                }
                Lang::En => format!("step renamed to fit the new channel (was “{old}”)"),
            }
        }
        ChangeKind::NameToReview => lang
            .pick(
                "tên bước còn mô tả cách thực hiện cũ, cần sửa lại khi rà soát",
                "the step's name still describes the old way: reword it when reviewing",
            )
            .to_owned(),
        ChangeKind::LinkOnline => match &c.link {
            Some(l) => match lang {
                Lang::Vi => format!("liên thông điện tử {} → {}", l.from, l.to),
                Lang::En => format!("make the link {} → {} online", l.from, l.to),
            },
            None => lang
                .pick("liên thông điện tử", "make the link online")
                .to_owned(),
        },
    }
}

/// What a change applies to: a step, a document, a link or the procedure.
fn subject(c: &Change, lang: Lang) -> String {
    if let Some(id) = &c.step {
        let name = c.step_name.as_deref().unwrap_or(id);
        return format!("{} {id} “{name}”", lang.pick("bước", "step"));
    }
    if let Some(id) = &c.document {
        let name = c.document_name.as_deref().unwrap_or(id);
        return format!("{} {id} “{name}”", lang.pick("giấy tờ", "document"));
    }
    if let Some(l) = &c.link {
        return format!("{} {} → {}", lang.pick("liên thông", "link"), l.from, l.to);
    }
    lang.pick("thủ tục", "procedure").to_owned()
}

/// One line per change: `[code] subject: what (before → after) — TC…; rules`.
pub fn change_line(c: &Change, lang: Lang) -> String {
    let mut line = format!("[{}] {}: {}", c.procedure, subject(c, lang), what(c, lang));
    match &c.typed {
        // The old name is in the phrase already; the subject names the new one.
        Some((Value::Name(_), _)) | None => {}
        Some((b, a)) => {
            let _ = write!(line, " ({} → {})", b.label(lang), a.label(lang));
        }
    }
    if matches!(
        c.kind,
        ChangeKind::SingleWindow | ChangeKind::AskedOnce | ChangeKind::ResultThroughLink
    ) && let Some(link) = &c.link
    {
        let _ = write!(
            line,
            " [{} {} → {}]",
            lang.pick("liên thông", "link"),
            link.from,
            link.to
        );
    }
    let codes = codes(&c.criteria, &c.rules);
    if !codes.is_empty() {
        let _ = write!(line, " — {codes}");
    }
    line
}

/// `TC5, TC6 (TC5-OFFLINE-PAYMENT, TC6-PRESENCE)`, or the rules alone when no criterion.
fn codes(criteria: &[u8], rules: &[&str]) -> String {
    let criteria: Vec<String> = criteria.iter().map(|n| format!("TC{n}")).collect();
    match (criteria.is_empty(), rules.is_empty()) {
        (true, _) => rules.join(", "),
        (false, true) => criteria.join(", "),
        (false, false) => format!("{} ({})", criteria.join(", "), rules.join(", ")),
    }
}

/// The changes list: the levels before and after, each change, and the blockers kept because
/// a legal provision requires them.
pub fn changes_text(
    changes: &[Change],
    kept: &[Kept],
    levels: &[LevelChange],
    lang: Lang,
) -> String {
    let mut out = String::new();
    for l in levels {
        let _ = writeln!(
            out,
            "{} {} {}: {} → {}",
            lang.pick("Tái cấu trúc", "Re-engineering"),
            l.code,
            l.name,
            l.before.label(lang),
            l.after.label(lang)
        );
    }
    if changes.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("Không có thay đổi nào.", "No change."));
    } else {
        let _ = writeln!(
            out,
            "{} ({}):",
            lang.pick("Thay đổi", "Changes"),
            changes.len()
        );
        for (i, c) in changes.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, change_line(c, lang));
        }
    }
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "{} ({}):",
            lang.pick(
                "Giữ nguyên, cần sửa đổi quy định pháp luật trước",
                "Kept: a change of law is needed first"
            ),
            kept.len()
        );
        for k in kept {
            let _ = writeln!(out, "  - {}", kept_line(k, lang));
        }
    }
    out
}

fn kept_line(k: &Kept, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(id) = &k.step {
        parts.push(format!(
            "{} {id} “{}”",
            lang.pick("bước", "step"),
            k.step_name.as_deref().unwrap_or(id)
        ));
    }
    if let Some(id) = &k.document {
        parts.push(format!(
            "{} {id} “{}”",
            lang.pick("giấy tờ", "document"),
            k.document_name.as_deref().unwrap_or(id)
        ));
    }
    if parts.is_empty() {
        parts.push(lang.pick("thủ tục", "procedure").to_owned());
    }
    let category = k
        .reason_category
        .map(|c| format!("; {}", c.label(lang)))
        .unwrap_or_default();
    format!(
        "[{}] {} — {}{category}: {}",
        k.procedure,
        parts.join(", "),
        codes(&k.criteria, &k.rules),
        k.required_by
    )
}
