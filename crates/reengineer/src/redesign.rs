//! The "proposed redesign" section of the Markdown report (`quytrinh report`): for each
//! procedure and group the inputs name, its to-be level and the changes that get it there.

use std::fmt::Write as _;

use quytrinh_analyze::{Config, Level, Report, analyze_catalog, analyze_procedure};
use quytrinh_model::escape::markdown;
use quytrinh_model::{Catalog, Group, Lang, LoadedGroup, LoadedProcedure, Origin, ProcId};

use crate::{LevelChange, changes_text, reengineer_loaded_group, reengineer_procedure};

/// The section, in Markdown. `report` is the analysis of `catalog` under `config`.
pub fn redesign_markdown(catalog: &Catalog, report: &Report, config: &Config) -> String {
    let lang = config.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {}\n",
        lang.pick(
            "Đề xuất tái cấu trúc quy trình (Thông tư 01/2023/TT-VPCP)",
            "Proposed process redesign (Thông tư 01/2023/TT-VPCP)"
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Áp dụng giải pháp chuẩn cho mọi điểm nghẽn chưa có căn cứ pháp lý; các điểm nghẽn do pháp luật quy định được giữ nguyên và cần sửa đổi quy định trước. `quytrinh reengineer` ghi mô hình sau tái cấu trúc.",
            "The standard remedy of every blocker not required by law, applied; blockers a legal provision requires are kept and need a change of law first. `quytrinh reengineer` writes the to-be model."
        )
    );
    let mut any = false;
    for (p, a) in catalog.procedures.iter().zip(&report.procedures) {
        if !p.standalone || a.code != p.procedure.code {
            continue;
        }
        let to_be = reengineer_procedure(&p.procedure, a);
        if to_be.is_unchanged() && to_be.kept.is_empty() {
            continue;
        }
        let after = analyze_procedure(&to_be.model, config).level;
        any = true;
        section(
            &mut out,
            &a.code,
            &a.name,
            a.level,
            after,
            &to_be.changes,
            &to_be.kept,
            lang,
        );
    }
    for (g, ga) in catalog.groups.iter().zip(&report.groups) {
        let to_be = reengineer_loaded_group(catalog, g, ga, report);
        if to_be.is_unchanged() && to_be.kept.is_empty() {
            continue;
        }
        let after = group_level(&to_be.model, config).unwrap_or(ga.level);
        any = true;
        section(
            &mut out,
            &ga.code,
            &ga.name,
            ga.level,
            after,
            &to_be.changes,
            &to_be.kept,
            lang,
        );
    }
    if !any {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                "Không có thủ tục nào cần tái cấu trúc.",
                "No procedure needs re-engineering."
            )
        );
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn section(
    out: &mut String,
    code: &str,
    name: &str,
    before: Level,
    after: Level,
    changes: &[crate::Change],
    kept: &[crate::Kept],
    lang: Lang,
) {
    let _ = writeln!(out, "### {} — {}\n", markdown(code), markdown(name));
    let levels = [LevelChange {
        code: code.to_owned(),
        name: name.to_owned(),
        before,
        after,
    }];
    // The list is plain text holding user text (names, ids): each line escaped, kept as a
    // line of its own (a hard break), its indentation dropped (four spaces would make code).
    for line in changes_text(changes, kept, &levels, lang).lines() {
        let line = line.trim();
        if !line.is_empty() {
            let _ = writeln!(out, "{}  ", markdown(line));
        }
    }
    out.push('\n');
}

/// The level of a self-contained to-be group (members inline).
fn group_level(group: &Group, config: &Config) -> Option<Level> {
    let origin = Origin {
        file: "to-be".into(),
        line: 1,
    };
    let mut catalog = Catalog::default();
    let mut members = Vec::new();
    for m in &group.procedures {
        let p = m.procedure.clone()?;
        members.push(ProcId(catalog.procedures.len()));
        catalog.procedures.push(LoadedProcedure {
            procedure: p,
            origin: origin.clone(),
            standalone: false,
        });
    }
    let mut header = group.clone();
    header.procedures.clear();
    let links = std::mem::take(&mut header.links);
    catalog.groups.push(LoadedGroup {
        group: header,
        members,
        links,
        origin,
    });
    analyze_catalog(&catalog, config)
        .groups
        .first()
        .map(|g| g.level)
}
