//! The selection list of Điều 16 of Thông tư 01/2023/TT-VPCP: which procedures to review
//! first, with the four criteria of the article as columns (`quytrinh select`).
//!
//! The columns are the law's; the order of the rows is the tool's own convention, printed
//! under the list.

use std::cmp::Reverse;
use std::fmt::Write as _;

use serde::Serialize;

use quytrinh_model::{Catalog, Channel, Lang};

use crate::format::{capitalize, cell, source_suffix, table_header, yes_no};
use crate::procedure::{Membership, trips_if_online};
use crate::report::{Basis, Level};
use crate::rules::SourceId;
use crate::{Config, memberships};

/// One procedure of the selection list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelectionRow {
    /// The procedure code.
    pub code: String,
    /// The procedure's name.
    pub name: String,
    /// Its level of online service.
    pub level: Level,
    /// (1) Legal fitness: no blocker is justified by law (no `required_by`: nothing known
    /// forbids electronic means).
    pub legal_fit: bool,
    /// (2) The number of applicants: `annual_volume` (0 when the model does not say).
    pub annual_volume: u64,
    /// (3) Data connection: documents a database already holds (`available_from`) and online
    /// links of the groups it belongs to, out of all its documents and those links.
    pub data_connected: usize,
    /// Its documents and those links: what could be connected.
    pub data_total: usize,
    /// (4) Effectiveness: yearly trips saved if every unjustified blocker's step were online.
    pub yearly_visits_saved: u64,
    /// Where the procedure was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::SourceRef>,
}

impl SelectionRow {
    /// `data_connected / data_total`, 0 when there is nothing to connect.
    pub fn data_ratio(&self) -> f64 {
        if self.data_total == 0 {
            0.0
        } else {
            self.data_connected as f64 / self.data_total as f64
        }
    }
}

/// The selection list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Selection {
    /// The procedures, in the order of `order`.
    pub procedures: Vec<SelectionRow>,
    /// The ordering rule, in words (the tool's own convention).
    pub order: String,
    /// The article whose criteria the columns are.
    pub basis: Basis,
}

/// Builds the selection list of every procedure of the catalogue (group members judged as
/// members).
pub fn select(catalog: &Catalog, config: &Config) -> Selection {
    let report = crate::analyze_catalog(catalog, config);
    let memberships = memberships(catalog);
    let mut rows: Vec<SelectionRow> = Vec::new();
    for (i, (l, a)) in catalog
        .procedures
        .iter()
        .zip(&report.procedures)
        .enumerate()
    {
        let p = &l.procedure;
        let membership: Membership = memberships.get(i).cloned().flatten().unwrap_or_default();
        let unjustified: Vec<&str> = a
            .blockers
            .iter()
            .filter(|b| !b.justified)
            .filter_map(|b| b.step.as_deref())
            .collect();
        let (before, after) = trips_if_online(p, config, &membership, &unjustified);
        let links: Vec<bool> = catalog
            .groups
            .iter()
            .filter(|g| g.members.iter().any(|&m| m.0 == i))
            .flat_map(|g| g.links.iter())
            .filter(|link| link.from == p.code || link.to == p.code)
            .map(|link| link.channel == Channel::Online)
            .collect();
        let documents_held = p
            .documents
            .iter()
            .filter(|d| d.available_from.is_some())
            .count();
        rows.push(SelectionRow {
            code: p.code.clone(),
            name: p.name.clone(),
            level: a.level,
            legal_fit: a.blockers.iter().all(|b| !b.justified),
            annual_volume: p.annual_volume.unwrap_or(0),
            data_connected: documents_held + links.iter().filter(|&&online| online).count(),
            data_total: p.documents.len() + links.len(),
            yearly_visits_saved: p
                .annual_volume
                .unwrap_or(0)
                .saturating_mul(u64::from(before.saturating_sub(after))),
            source: a.source.clone(),
        });
    }
    rows.sort_by(|a, b| {
        let key = |r: &SelectionRow| {
            (
                r.level == Level::FullOnline,
                !r.legal_fit,
                Reverse(r.yearly_visits_saved),
                Reverse(r.annual_volume),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| b.data_ratio().total_cmp(&a.data_ratio()))
            .then_with(|| a.code.cmp(&b.code))
    });
    Selection {
        procedures: rows,
        order: ORDER_VI.to_owned(),
        basis: Basis::source(SourceId::Selection),
    }
}

const ORDER_VI: &str = "thứ tự do công cụ quy ước: thủ tục đã toàn trình xếp cuối; các thủ tục khác: phù hợp về pháp lý trước, rồi số lượt đi lại giảm được mỗi năm nhiều hơn, rồi số lượng hồ sơ nhiều hơn, rồi tỷ lệ kết nối dữ liệu cao hơn, rồi mã thủ tục";
const ORDER_EN: &str = "the tool's own order: procedures already fully online last; the others: legally fit first, then most yearly trips saved, then most applicants, then best data connection, then code";

impl Selection {
    /// The ordering rule in `lang`.
    pub fn order_in(&self, lang: Lang) -> &'static str {
        lang.pick(ORDER_VI, ORDER_EN)
    }

    /// The JSON form (`quytrinh select --format json`).
    pub fn to_json(&self, lang: Lang) -> String {
        let mut copy = self.clone();
        copy.order = self.order_in(lang).to_owned();
        serde_json::to_string_pretty(&copy).unwrap_or_default() + "\n"
    }

    /// The list as a terminal table.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} ({})", title(lang), self.basis.cite(lang));
        for (i, r) in self.procedures.iter().enumerate() {
            let _ = writeln!(
                out,
                "{:>3}. {}  {}{}\n     {}: {} · (1) {}: {} · (2) {}: {} · (3) {}: {}/{} · (4) {}: {}",
                i + 1,
                r.code,
                r.name,
                source_suffix(r.source.as_ref()),
                lang.pick("Mức độ", "Level"),
                r.level.label(lang),
                lang.pick("phù hợp pháp lý", "legal fit"),
                yes_no(r.legal_fit, lang),
                lang.pick("hồ sơ/năm", "dossiers/year"),
                lang.thousands(r.annual_volume),
                lang.pick("kết nối dữ liệu", "data connected"),
                r.data_connected,
                r.data_total,
                lang.pick("lượt đi lại giảm được/năm", "trips saved/year"),
                lang.thousands(r.yearly_visits_saved),
            );
        }
        let _ = writeln!(out, "\n({})", self.order_in(lang));
        out
    }

    /// The list as a Markdown table.
    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## {}\n\n{}: {}.\n",
            title(lang),
            lang.pick("Căn cứ", "Basis"),
            self.basis.cite(lang)
        );
        table_header(
            &mut out,
            lang.pick(
                "# | Mã TTHC | Tên thủ tục | Mức độ | (1) Phù hợp pháp lý | (2) Số hồ sơ/năm | (3) Kết nối dữ liệu | (4) Số lượt đi lại giảm được/năm",
                "# | Code | Name | Level | (1) Legal fit | (2) Dossiers/year | (3) Data connected | (4) Yearly trips saved",
            ),
            "|---:|---|---|---|---|---:|---:|---:|",
        );
        for (i, r) in self.procedures.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {}/{} | {} |",
                i + 1,
                cell(&r.code),
                cell(&r.name),
                r.level.label(lang),
                yes_no(r.legal_fit, lang),
                lang.thousands(r.annual_volume),
                r.data_connected,
                r.data_total,
                lang.thousands(r.yearly_visits_saved),
            );
        }
        let _ = writeln!(out, "\n*{}.*", capitalize(self.order_in(lang)));
        out
    }
}

/// The list's title.
fn title(lang: Lang) -> &'static str {
    lang.pick(
        "Danh mục thủ tục hành chính đề xuất rà soát, đánh giá",
        "Procedures proposed for review",
    )
}
