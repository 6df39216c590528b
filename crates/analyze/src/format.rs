//! The human reports: plain text for the terminal and Markdown for an official document.
//! Vietnamese by default, English with [`Lang::En`]. Deterministic: the same report gives the
//! same bytes.

use std::fmt::Write as _;

use quytrinh_model::Lang;

use crate::report::{
    Basis, Blocker, Finding, GroupAnalysis, ProcedureAnalysis, PublishedReason, Report, Status,
    Target,
};
use crate::rules::{self, CRITERIA, FindingKind};
use crate::text::{count, days, unit};

/// The text report: per procedure its level, the criteria as ✓/✗/–, blockers with remedies and
/// clauses, visits and timing; then the groups; then the first `top` targets (all when `None`).
pub fn text(report: &Report, lang: Lang, top: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule_set_line(report, lang));
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} {}: {}; {} {}",
        s.procedures,
        lang.pick(
            "thủ tục",
            if s.procedures == 1 {
                "procedure"
            } else {
                "procedures"
            }
        ),
        crate::Level::ALL
            .iter()
            .rev()
            .map(|&l| format!("{} {}", s.count(l), l.label(lang)))
            .collect::<Vec<_>>()
            .join(", "),
        s.groups,
        lang.pick(
            "nhóm liên thông",
            if s.groups == 1 { "group" } else { "groups" }
        ),
    );
    for p in &report.procedures {
        out.push('\n');
        procedure_text(&mut out, p, lang);
    }
    for g in &report.groups {
        out.push('\n');
        group_text(&mut out, g, lang);
    }
    out.push('\n');
    targets_text(&mut out, &report.targets, lang, top);
    out
}

/// `  (file)` after a heading, so procedures that share a code (local variants, an as-is and its
/// to-be) can be told apart.
pub(crate) fn source_suffix(source: Option<&crate::SourceRef>) -> String {
    source
        .map(|s| format!("  ({})", s.display()))
        .unwrap_or_default()
}

/// The two shapes of the human reports, for the lines they write alike.
#[derive(Debug, Clone, Copy)]
enum Style {
    Text,
    Markdown,
}

impl Style {
    /// A labelled line: `  Label: value` in text, `- **Label:** value` in Markdown.
    fn field(self, out: &mut String, label: &str, value: impl std::fmt::Display) {
        let _ = match self {
            Style::Text => writeln!(out, "  {label}: {value}"),
            Style::Markdown => writeln!(out, "- **{label}:** {value}"),
        };
    }
}

/// A procedure's level (with what it misses for the next one) and its legacy level.
fn level_fields(out: &mut String, p: &ProcedureAnalysis, lang: Lang, style: Style) {
    style.field(out, lang.pick("Mức độ", "Level"), level_text(p, lang));
    style.field(
        out,
        &capitalize(lang.pick(rules::LEGACY_LABEL_VI, rules::LEGACY_LABEL_EN)),
        p.legacy_level,
    );
}

fn procedure_text(out: &mut String, p: &ProcedureAnalysis, lang: Lang) {
    let _ = writeln!(
        out,
        "{}  {}{}",
        p.code,
        p.name,
        source_suffix(p.source.as_ref())
    );
    level_fields(out, p, lang, Style::Text);
    if let Some(g) = &p.group {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                &format!("Đánh giá với tư cách thủ tục thành phần của nhóm liên thông {g}"),
                &format!("Judged as a member of the group {g}")
            )
        );
    }
    let marks: Vec<String> = p
        .criteria
        .iter()
        .map(|(n, s)| format!("{n}{}", s.mark()))
        .collect();
    Style::Text.field(out, lang.pick("Tiêu chí", "Criteria"), marks.join(" "));
    blockers_text(out, &p.blockers, lang);
    findings_text(out, &p.findings, lang);
    measures_text(out, p, lang);
    if !p.must_publish.is_empty() {
        must_publish_text(out, &p.must_publish, lang);
    }
}

fn blockers_text(out: &mut String, blockers: &[Blocker], lang: Lang) {
    if blockers.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  {} ({}):",
        lang.pick("Vướng mắc chung của thủ tục", "Blockers"),
        blockers.len()
    );
    for b in blockers {
        blocker_text(out, b, lang);
    }
}

/// Trips, the total time against the time limit, and the hand-offs, on one line.
fn measures_text(out: &mut String, p: &ProcedureAnalysis, lang: Lang) {
    let limit = match p.time_limit_days {
        Some(l) => {
            let verdict = if p.critical_path_days > l + 1e-9 {
                lang.pick("vượt", "over")
            } else {
                lang.pick("trong hạn", "within")
            };
            format!("{} ({verdict})", limit_suffix(Some(l), lang))
        }
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "  {}: {} · {}: {} {}{limit} · {}: {}",
        lang.pick("Số lượt đi lại", "Trips to an agency"),
        p.applicant_visits,
        lang.pick(
            "Tổng thời gian (nhánh dài nhất)",
            "Total time (longest branch)"
        ),
        days(p.critical_path_days, lang),
        unit(p.critical_path_days, lang),
        lang.pick("Chuyển giao", "Hand-offs"),
        p.hand_offs
    );
}

/// What a partial service must publish: the reasons of its justified blockers.
fn must_publish_text(out: &mut String, reasons: &[PublishedReason], lang: Lang) {
    let title = lang.pick("Phải công khai lý do", "Must publish the reasons");
    let _ = writeln!(out, "  {}:", publish_title(title, lang));
    for r in reasons {
        let _ = writeln!(
            out,
            "    - {}: {} ({} {}; {})",
            r.reason_category.label(lang),
            r.legal_provision,
            lang.pick("tiêu chí", "criteria"),
            join_numbers(&r.criteria),
            r.at.join(", ")
        );
    }
}

fn blocker_text(out: &mut String, b: &Blocker, lang: Lang) {
    let justified = match &b.required_by {
        Some(law) => format!(
            " [{}: {law}]",
            lang.pick("có căn cứ pháp lý", "required by")
        ),
        None => String::new(),
    };
    let reason = format!("{}{justified}", b.reason_in(lang));
    let remedy = b.remedy_in(lang);
    item_text(out, ('✗', b.rule), &reason, &remedy, &b.basis, lang);
}

/// One blocker or finding in the text report: its mark and code with what is wrong, then the
/// remedy, then the legal basis.
fn item_text(
    out: &mut String,
    (mark, code): (char, &str),
    reason: &str,
    remedy: &str,
    basis: &[Basis],
    lang: Lang,
) {
    let _ = writeln!(out, "    {mark} {code} {reason}");
    let _ = writeln!(out, "      → {remedy}");
    let _ = writeln!(
        out,
        "        {}: {}",
        lang.pick("Căn cứ", "Basis"),
        Basis::cite_all(basis, lang)
    );
}

/// Findings in the two lists the reports show: the findings proper (no title of their own),
/// then the in-person options kept at the applicant's choice (`optional_channel`, not
/// blockers) under theirs.
fn finding_lists(findings: &[Finding], lang: Lang) -> [(Vec<&Finding>, Option<&'static str>); 2] {
    let (optional, other): (Vec<&Finding>, Vec<&Finding>) = findings
        .iter()
        .partition(|f| f.kind == FindingKind::OptionalChannel);
    [
        (other, None),
        (
            optional,
            Some(lang.pick(
                "Phương án trực tiếp giữ lại theo lựa chọn của người dân (không phải vướng mắc)",
                "In-person options kept at the applicant's choice (not blockers)",
            )),
        ),
    ]
}

fn findings_text(out: &mut String, findings: &[Finding], lang: Lang) {
    for (list, title) in finding_lists(findings, lang) {
        if list.is_empty() {
            continue;
        }
        let title = title.unwrap_or(lang.pick("Phát hiện", "Findings"));
        let _ = writeln!(out, "  {title} ({}):", list.len());
        for f in list {
            let (reason, remedy) = (f.reason_in(lang), f.remedy_in(lang));
            item_text(out, ('•', f.code), &reason, &remedy, &f.basis, lang);
        }
    }
}

fn group_text(out: &mut String, g: &GroupAnalysis, lang: Lang) {
    let _ = writeln!(
        out,
        "{} {}  {}{}",
        lang.pick("Nhóm", "Group"),
        g.code,
        g.name,
        source_suffix(g.source.as_ref())
    );
    let _ = writeln!(
        out,
        "  {}: {} · {}: {}",
        lang.pick("Mức độ", "Level"),
        g.level.label(lang),
        lang.pick("Thủ tục thành phần", "Members"),
        cell(&g.members.join(", "))
    );
    findings_text(out, &g.findings, lang);
    let limit = limit_suffix(g.time_limit_days, lang);
    let _ = writeln!(
        out,
        "  {}: {} · {}: {} {}{limit} ({})",
        lang.pick("Số lượt đi lại", "Trips to an agency"),
        g.applicant_visits,
        lang.pick("Chuỗi liên thông dài nhất", "Longest chain"),
        days(g.critical_path_days, lang),
        unit(g.critical_path_days, lang),
        g.critical_chain.join(" → ")
    );
}

fn targets_text(out: &mut String, targets: &[Target], lang: Lang, top: Option<usize>) {
    let shown = top.unwrap_or(targets.len()).min(targets.len());
    let _ = writeln!(
        out,
        "{}:",
        lang.pick(
            "Mục tiêu tái cấu trúc (thứ tự do công cụ quy ước: vướng mắc chưa có căn cứ pháp lý trước, rồi số lượt đi lại giảm được mỗi năm)",
            "Re-engineering targets (the tool's own order: not required by law first, then yearly trips saved)"
        )
    );
    if targets.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("(không có)", "(none)"));
    }
    for t in targets.iter().take(shown) {
        let place = target_place(t);
        let _ = writeln!(
            out,
            "  {:>3}. {place} · {} · {} {} · {} {}{}",
            t.rank,
            t.rule,
            count(t.yearly_visits_saved, lang),
            lang.pick("lượt đi lại giảm được/năm", "trips saved/year"),
            t.criteria_broken,
            lang.pick(
                "tiêu chí",
                if t.criteria_broken == 1 {
                    "criterion"
                } else {
                    "criteria"
                }
            ),
            if t.justified {
                lang.pick(" · có căn cứ pháp lý", " · required by law")
            } else {
                ""
            }
        );
        let _ = writeln!(out, "       → {}", t.remedy);
    }
    if shown < targets.len() {
        let _ = writeln!(
            out,
            "  … {} {}",
            targets.len() - shown,
            lang.pick("mục tiêu khác (xem --top)", "more targets (see --top)")
        );
    }
}

fn target_place(t: &Target) -> String {
    let mut place = t.code.clone();
    if let Some(step) = &t.step {
        place.push('/');
        place.push_str(step);
    }
    if let Some(doc) = &t.document {
        place.push_str(&format!(" [{doc}]"));
    }
    place
}

/// The Markdown report for an official document: a summary table of levels; per procedure a
/// criteria table, a blockers table and what a partial service must publish (Nghị định
/// 224/2026/NĐ-CP, Điều 14); the groups; the first `top` targets (all when `None`).
pub fn markdown(report: &Report, lang: Lang, top: Option<usize>) -> String {
    markdown_with(report, lang, top, &|_| None)
}

/// A section of the Markdown report that a diagram can be attached to: the procedure or group
/// at this index of [`Report::procedures`] or [`Report::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The procedure at this index.
    Procedure(usize),
    /// The group at this index.
    Group(usize),
}

/// The Markdown report, with `diagram(section)` (e.g. an image link) placed after each
/// procedure's and group's section.
pub fn markdown_with(
    report: &Report,
    lang: Lang,
    top: Option<usize>,
    diagram: &dyn Fn(Section) -> Option<String>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        lang.pick(
            "Báo cáo rà soát, đánh giá dịch vụ công trực tuyến",
            "Review of online public services"
        )
    );
    let _ = writeln!(out, "{}\n", rule_set_line(report, lang));
    let _ = writeln!(
        out,
        "{}: {}.\n",
        lang.pick("Văn bản", "Legal texts"),
        documents_line(lang)
    );
    summary_markdown(&mut out, report, lang);
    if !report.procedures.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n",
            lang.pick("Chi tiết từng thủ tục", "Procedures")
        );
        for (i, p) in report.procedures.iter().enumerate() {
            procedure_markdown(&mut out, p, lang);
            if let Some(d) = diagram(Section::Procedure(i)) {
                let _ = writeln!(out, "{d}\n");
            }
        }
    }
    if !report.groups.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n",
            lang.pick(
                "Nhóm thủ tục hành chính liên thông",
                "Groups of inter-linked procedures"
            )
        );
        for (i, g) in report.groups.iter().enumerate() {
            group_markdown(&mut out, g, lang);
            if let Some(d) = diagram(Section::Group(i)) {
                let _ = writeln!(out, "{d}\n");
            }
        }
    }
    targets_markdown(&mut out, &report.targets, lang, top);
    out
}

/// The Markdown section of the one procedure or group with this code (a group: its section
/// and then its members'), for embedding next to its diagram (the mdBook preprocessor).
pub fn markdown_section(report: &Report, code: &str, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(g) = report.groups.iter().find(|g| g.code == code) {
        group_markdown(&mut out, g, lang);
        for member in &g.members {
            if let Some(p) = report.procedures.iter().find(|p| &p.code == member) {
                procedure_markdown(&mut out, p, lang);
            }
        }
    } else if let Some(p) = report.procedures.iter().find(|p| p.code == code) {
        procedure_markdown(&mut out, p, lang);
    }
    out
}

fn summary_markdown(out: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(out, "## {}\n", lang.pick("Tổng hợp", "Summary"));
    let s = &report.summary;
    table_header(
        out,
        lang.pick("Mức độ | Số thủ tục", "Level | Procedures"),
        "|---|---:|",
    );
    for level in crate::Level::ALL.into_iter().rev() {
        let n = s.count(level);
        let _ = writeln!(out, "| {} | {n} |", level.label(lang));
    }
    out.push('\n');
    if report.procedures.is_empty() {
        return;
    }
    table_header(
        out,
        lang.pick(
            "Mã TTHC | Tên thủ tục | Mức độ | Mức độ cũ | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | Số lượt đi lại | Tổng thời gian (ngày) | Thời hạn (ngày)",
            "Code | Name | Level | Legacy | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | Trips | Total time (days) | Time limit (days)",
        ),
        "|---|---|---|---:|---|---|---|---|---|---|---|---|---:|---:|---:|",
    );
    for p in &report.procedures {
        let marks: Vec<&str> = p.criteria.iter().map(|(_, s)| s.mark()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&p.code),
            cell(&p.name),
            p.level.label(lang),
            p.legacy_level,
            marks.join(" | "),
            p.applicant_visits,
            days(p.critical_path_days, lang),
            p.time_limit_days
                .map_or_else(|| "–".to_owned(), |l| days(l, lang))
        );
    }
    out.push('\n');
}

fn status_label(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Met => lang.pick("✓ Đạt", "✓ Met"),
        Status::Unmet => lang.pick("✗ Không đạt", "✗ Unmet"),
        Status::NotApplicable => lang.pick("– Không áp dụng", "– Not applicable"),
    }
}

fn procedure_markdown(out: &mut String, p: &ProcedureAnalysis, lang: Lang) {
    let _ = writeln!(out, "### {} — {}\n", cell(&p.code), cell(&p.name));
    level_fields(out, p, lang, Style::Markdown);
    facts_markdown(out, p, lang);
    criteria_markdown(out, p, lang);
    blockers_markdown(out, &p.blockers, lang);
    findings_markdown(out, &p.findings, lang);
    if p.level != crate::Level::FullOnline {
        must_publish_markdown(out, &p.must_publish, lang);
    }
}

/// The group, the authority, the trips and the total time, as a list.
fn facts_markdown(out: &mut String, p: &ProcedureAnalysis, lang: Lang) {
    let md = Style::Markdown;
    if let Some(g) = &p.group {
        md.field(
            out,
            lang.pick(
                "Thủ tục thành phần của nhóm liên thông",
                "Member of the group",
            ),
            cell(g),
        );
    }
    if let Some(a) = &p.authority {
        md.field(out, lang.pick("Cơ quan thực hiện", "Authority"), cell(a));
    }
    md.field(
        out,
        lang.pick("Số lượt đi lại", "Trips to an agency"),
        p.applicant_visits,
    );
    md.field(
        out,
        lang.pick(
            "Tổng thời gian (nhánh dài nhất)",
            "Total time (longest branch)",
        ),
        format!(
            "{} {}{} ({}: {})",
            days(p.critical_path_days, lang),
            unit(p.critical_path_days, lang),
            limit_suffix(p.time_limit_days, lang),
            lang.pick("chuyển giao", "hand-offs"),
            p.hand_offs
        ),
    );
    out.push('\n');
}

/// The 8 criteria with their result and clause, one row each from the rule table.
fn criteria_markdown(out: &mut String, p: &ProcedureAnalysis, lang: Lang) {
    table_header(
        out,
        lang.pick(
            "# | Tiêu chí | Kết quả | Căn cứ",
            "# | Criterion | Result | Clause",
        ),
        "|---|---|---|---|",
    );
    for (rule, (_, status)) in CRITERIA.iter().zip(p.criteria.iter()) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            rule.number,
            lang.pick(rule.short_vi, rule.short_en),
            status_label(status, lang),
            rule.clause
        );
    }
    out.push('\n');
}

fn blockers_markdown(out: &mut String, blockers: &[Blocker], lang: Lang) {
    if blockers.is_empty() {
        return;
    }
    table_header(
        out,
        lang.pick(
            "Mã | Bước | Giấy tờ | Lý do | Nhóm lý do | Căn cứ pháp lý yêu cầu | Giải pháp | Căn cứ",
            "Code | Step | Document | Reason | Category | Required by | Remedy | Basis",
        ),
        "|---|---|---|---|---|---|---|---|",
    );
    for b in blockers {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            b.cause_code,
            code_or_dash(b.step.as_deref()),
            code_or_dash(b.document.as_deref()),
            cell(&b.reason_in(lang)),
            b.reason_category.label(lang),
            b.required_by.as_deref().map_or("–".to_owned(), cell),
            cell(&b.remedy_in(lang)),
            cell(&Basis::cite_all(&b.basis, lang))
        );
    }
    out.push('\n');
}

/// What a service that is not fully online must publish (Nghị định 224/2026/NĐ-CP, Điều 14):
/// the reason and provision of each justified blocker, or that it has none.
fn must_publish_markdown(out: &mut String, reasons: &[PublishedReason], lang: Lang) {
    let title = lang.pick("Nội dung phải công khai", "What must be published");
    let _ = writeln!(out, "**{}:**\n", publish_title(title, lang));
    if reasons.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "Không vướng mắc nào có căn cứ pháp lý (`required_by`): chưa có lý do hợp lệ để chỉ cung cấp một phần; các vướng mắc là mục tiêu tái cấu trúc.",
                "No blocker is required by law (`required_by`): there is no valid reason to stay partial; the blockers are re-engineering targets."
            )
        );
        return;
    }
    table_header(
        out,
        lang.pick(
            "Lý do | Quy định pháp luật | Tiêu chí | Bước, giấy tờ",
            "Reason | Legal provision | Criteria | Steps, documents",
        ),
        "|---|---|---|---|",
    );
    for r in reasons {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            r.reason_category.label(lang),
            cell(&r.legal_provision),
            join_numbers(&r.criteria),
            r.at.iter()
                .map(|a| quytrinh_model::escape::markdown_code(a))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push('\n');
}

fn findings_markdown(out: &mut String, findings: &[Finding], lang: Lang) {
    for (list, title) in finding_lists(findings, lang) {
        if list.is_empty() {
            continue;
        }
        if let Some(title) = title {
            let _ = writeln!(out, "**{title}:**\n");
        }
        table_header(
            out,
            lang.pick(
                "Mã | Phát hiện | Giải pháp | Căn cứ",
                "Code | Finding | Remedy | Basis",
            ),
            "|---|---|---|---|",
        );
        for f in list {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                f.code,
                cell(&f.reason_in(lang)),
                cell(&f.remedy_in(lang)),
                cell(&Basis::cite_all(&f.basis, lang))
            );
        }
        out.push('\n');
    }
}

fn group_markdown(out: &mut String, g: &GroupAnalysis, lang: Lang) {
    let md = Style::Markdown;
    let _ = writeln!(out, "### {} — {}\n", cell(&g.code), cell(&g.name));
    md.field(out, lang.pick("Mức độ", "Level"), g.level.label(lang));
    md.field(
        out,
        lang.pick("Thủ tục thành phần", "Members"),
        cell(&g.members.join(", ")),
    );
    md.field(
        out,
        lang.pick("Số lượt đi lại", "Trips to an agency"),
        g.applicant_visits,
    );
    md.field(
        out,
        lang.pick("Chuỗi liên thông dài nhất", "Longest chain"),
        format!(
            "{} {}{} ({})\n",
            days(g.critical_path_days, lang),
            unit(g.critical_path_days, lang),
            limit_suffix(g.time_limit_days, lang),
            cell(&g.critical_chain.join(" → "))
        ),
    );
    findings_markdown(out, &g.findings, lang);
}

fn targets_markdown(out: &mut String, targets: &[Target], lang: Lang, top: Option<usize>) {
    let _ = writeln!(
        out,
        "## {}\n",
        lang.pick("Mục tiêu tái cấu trúc", "Re-engineering targets")
    );
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Thứ tự do công cụ quy ước (không phải quy định pháp luật): vướng mắc chưa có căn cứ pháp lý trước, rồi số lượt đi lại giảm được mỗi năm, rồi số tiêu chí vướng.",
            "The tool's own order (not a legal rule): blockers not required by law first, then yearly trips saved, then the number of criteria broken."
        )
    );
    if targets.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick("Không có vướng mắc.", "No blockers.")
        );
        return;
    }
    table_header(
        out,
        lang.pick(
            "# | Mã TTHC | Bước | Giấy tờ | Tiêu chí | Số lượt đi lại giảm được/năm | Số tiêu chí vướng | Có căn cứ pháp lý | Giải pháp",
            "# | Code | Step | Document | Criterion | Yearly trips saved | Criteria broken | Required by law | Remedy",
        ),
        "|---:|---|---|---|---|---:|---:|---|---|",
    );
    let shown = top.unwrap_or(targets.len()).min(targets.len());
    for t in targets.iter().take(shown) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t.rank,
            cell(&t.code),
            code_or_dash(t.step.as_deref()),
            code_or_dash(t.document.as_deref()),
            t.rule,
            count(t.yearly_visits_saved, lang),
            t.criteria_broken,
            yes_no(t.justified, lang),
            cell(&t.remedy)
        );
    }
    out.push('\n');
    if shown < targets.len() {
        let _ = writeln!(
            out,
            "{} {} {}\n",
            lang.pick("Còn", "And"),
            targets.len() - shown,
            lang.pick("mục tiêu khác.", "more targets.")
        );
    }
}

/// A Markdown table's header row, from `columns` already joined by ` | `, and the alignment
/// row under it (`|---|---:|`).
pub(crate) fn table_header(out: &mut String, columns: &str, alignment: &str) {
    let _ = writeln!(out, "| {columns} |\n{alignment}");
}

/// A step or document id as a Markdown code span, or `–` where there is none.
fn code_or_dash(id: Option<&str>) -> String {
    id.map_or("–".to_owned(), quytrinh_model::escape::markdown_code)
}

/// "có"/"không" ("yes"/"no") in a table cell.
pub(crate) fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        lang.pick("có", "yes")
    } else {
        lang.pick("không", "no")
    }
}

/// ` / thời hạn 3 ngày` after a duration, or nothing when there is no time limit.
fn limit_suffix(limit: Option<f64>, lang: Lang) -> String {
    limit
        .map(|l| {
            format!(
                " / {} {} {}",
                lang.pick("thời hạn", "time limit"),
                days(l, lang),
                unit(l, lang)
            )
        })
        .unwrap_or_default()
}

fn join_numbers(n: &[u8]) -> String {
    n.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
}

/// User text in Markdown (a table cell, a heading): no markup, no HTML, no line breaks.
pub(crate) fn cell(s: &str) -> String {
    quytrinh_model::escape::markdown(s)
}

/// `title (…)`, the parenthesis naming where the duty to tell the applicant and to publish the
/// reason comes from.
fn publish_title(title: &str, lang: Lang) -> String {
    format!(
        "{title} ({}; {})",
        crate::Basis::source(rules::SourceId::TellApplicant).cite(lang),
        crate::Basis::source(rules::SourceId::PublishReason).cite(lang)
    )
}

/// "Rà soát theo …, quy tắc phiên bản 2 (`TT01-2023`)".
fn rule_set_line(report: &Report, lang: Lang) -> String {
    format!(
        "{} {}, {} {} (`{}`)",
        lang.pick("Rà soát theo", "Reviewed under"),
        report.rule_set().title(),
        lang.pick(
            "cách đọc của công cụ, phiên bản",
            "the tool's reading, version"
        ),
        report.rules_version,
        report.rules
    )
}

/// The legal texts the rule set rests on, with their dates.
fn documents_line(lang: Lang) -> String {
    rules::DOCUMENTS
        .iter()
        .map(|(name, vi, en)| format!("{name} ({})", lang.pick(vi, en)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The level, what is missing for the next one, and whether the level is the tool's reading.
fn level_text(p: &ProcedureAnalysis, lang: Lang) -> String {
    let mut s = p.level.label(lang).to_owned();
    let missing = match p.level {
        crate::Level::FullOnline => &[][..],
        crate::Level::PartialOnline => &p.missing_for_full[..],
        _ => &p.missing_for_partial[..],
    };
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|n| format!("TC{n}")).collect();
        let next = if p.level == crate::Level::PartialOnline {
            lang.pick("để đạt toàn trình còn thiếu", "missing for fully online")
        } else {
            lang.pick("thiếu", "missing")
        };
        s.push_str(&format!(" ({next} {})", list.join(", ")));
    }
    if p.level.is_tool_reading() {
        s.push_str(lang.pick(
            " — mức do công cụ xác định theo cách hiểu của mình, không phải tên gọi trong văn bản",
            " — the tool's own reading, not a name the law uses",
        ));
    }
    s
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
