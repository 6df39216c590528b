//! The work behind the page, on the text being edited: load (with located diagnostics),
//! analyse, draw the DOT the CLI draws, make the step table, re-engineer. Pure functions of the
//! text and the folder (group `include`s are read inside the folder only); nothing here
//! panics on any text.

use std::path::Path;

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use quytrinh_analyze::{Config, Report, Status, analyze_catalog};
use quytrinh_model::{Catalog, Document, Lang, Loaded};
use quytrinh_reengineer::{
    LevelChange, changes_text, reengineer_loaded_group, reengineer_procedure, to_pretty_json,
};
use quytrinh_render::from_analysis::{group_overlay, overlay, table_facts};
use quytrinh_render::{Options, render_group, render_procedure};
use serde::Serialize;

use crate::paths::Confined;

/// Everything the page shows for one state of the text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Update {
    /// The text loaded without errors (warnings allowed) and held one procedure or group.
    pub ok: bool,
    /// Every diagnostic, with file, line and column.
    pub diagnostics: Vec<serde_json::Value>,
    /// Why there is nothing to show when the text loads but holds no single procedure or group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// `procedure` or `group`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub code: String,
    pub name: String,
    /// The level (`full_online`, …) and its label in the page's language.
    pub level: String,
    pub level_label: String,
    /// The 8 criteria (a procedure only).
    pub criteria: Vec<CriterionView>,
    /// A group's members with their levels.
    pub members: Vec<MemberView>,
    pub trips: u32,
    pub critical_path_days: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<f64>,
    pub blockers: Vec<BlockerView>,
    pub findings: Vec<FindingView>,
    /// Every step of the file, with the node that draws it and the line it starts on.
    pub steps: Vec<StepView>,
    /// The step table(s) as HTML fragments (escaped by the renderer).
    pub table_html: String,
    /// The diagram, as the CLI draws it (`quytrinh render`).
    pub dot: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub n: u8,
    pub short: &'static str,
    /// `met`, `unmet` or `not_applicable`.
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub code: String,
    pub name: String,
    pub level_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockerView {
    pub procedure: String,
    pub criterion: u8,
    pub rule: &'static str,
    pub step: Option<String>,
    pub step_name: Option<String>,
    pub document_name: Option<String>,
    /// The DOT node of the step (`s3`, `p1_s3` in a group), as the SVG's `<title>`.
    pub node: Option<String>,
    /// The 1-based line of the step in the text being edited.
    pub line: Option<usize>,
    pub reason: String,
    pub remedy: String,
    pub justified: bool,
    pub clause: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub code: &'static str,
    pub reason: String,
    pub remedy: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub procedure: String,
    pub id: String,
    pub name: String,
    pub node: String,
    pub line: Option<usize>,
}

/// The re-engineered model of the text and the before/after diagram.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ToBeView {
    pub ok: bool,
    pub diagnostics: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The to-be model as a procedure file.
    pub text: String,
    /// What changed and what needs a change of law.
    pub changes: String,
    pub level_before: String,
    pub level_after: String,
    /// The to-be diagram.
    pub dot: String,
    /// The as-is above the to-be, changed steps marked.
    pub compare_dot: String,
}

/// Which item of a catalogue the page shows.
#[derive(Debug, Clone, Copy)]
enum Pick {
    Procedure(usize),
    Group(usize),
}

/// The one group of the text, else its one standalone procedure.
fn pick(catalog: &Catalog) -> Option<Pick> {
    if catalog.groups.len() == 1 {
        return Some(Pick::Group(0));
    }
    let mut standalone = catalog
        .procedures
        .iter()
        .enumerate()
        .filter(|(_, p)| p.standalone);
    match (
        catalog.groups.is_empty(),
        standalone.next(),
        standalone.next(),
    ) {
        (true, Some((i, _)), None) => Some(Pick::Procedure(i)),
        _ => None,
    }
}

fn config(lang: Lang) -> Config {
    Config {
        lang,
        ..Config::default()
    }
}

/// Loads `text` as the file `rel` of `root` (its includes read inside `root`).
fn load(root: &Path, rel: &str, text: &str) -> Loaded {
    let fs = Confined {
        root: root.to_path_buf(),
    };
    quytrinh::load::load_bytes_with(&fs, rel, Some(&root.join(rel)), text.as_bytes())
}

fn diagnostics(loaded: &Loaded) -> Vec<serde_json::Value> {
    loaded
        .diagnostics
        .iter()
        .filter_map(|d| serde_json::to_value(d.record()).ok())
        .collect()
}

fn not_one(lang: Lang) -> String {
    lang.pick(
        "Tệp cần chứa đúng một thủ tục hoặc một nhóm thủ tục.",
        "The file must hold exactly one procedure or one group.",
    )
    .to_owned()
}

/// What a page answers: it starts with the diagnostics and, when nothing is shown, why.
trait Answer {
    fn start(diagnostics: Vec<serde_json::Value>, problem: Option<String>) -> Self;
}

impl Answer for Update {
    fn start(diagnostics: Vec<serde_json::Value>, problem: Option<String>) -> Self {
        Update {
            diagnostics,
            problem,
            ..Update::default()
        }
    }
}

impl Answer for ToBeView {
    fn start(diagnostics: Vec<serde_json::Value>, problem: Option<String>) -> Self {
        ToBeView {
            diagnostics,
            problem,
            ..ToBeView::default()
        }
    }
}

/// The start both pages share: the answer begun with the diagnostics, the text loaded and
/// the item the page shows; else the answer as it is, with why nothing is shown (unless the
/// diagnostics say it).
fn prepare<T: Answer>(
    root: &Path,
    lang: Lang,
    rel: &str,
    text: &str,
) -> Result<(T, Loaded, Pick), T> {
    let loaded = load(root, rel, text);
    let diagnostics = diagnostics(&loaded);
    if loaded.has_errors() {
        return Err(T::start(diagnostics, None));
    }
    match pick(&loaded.catalog) {
        Some(pick) => Ok((T::start(diagnostics, None), loaded, pick)),
        None => Err(T::start(diagnostics, Some(not_one(lang)))),
    }
}

/// Everything the page shows for `text`, the content of `rel` inside `root`.
pub fn update(root: &Path, lang: Lang, rel: &str, text: &str) -> Update {
    let (mut out, loaded, pick) = match prepare::<Update>(root, lang, rel, text) {
        Ok(prepared) => prepared,
        Err(out) => return out,
    };
    let catalog = &loaded.catalog;
    let report = analyze_catalog(catalog, &config(lang));
    let options = Options {
        lang,
        ..Options::default()
    };
    let lines = step_lines(text);
    let line_of = |code: &str, id: &str| {
        lines
            .iter()
            .find(|l| l.id == id && l.code.as_deref().is_none_or(|c| c == code))
            .map(|l| l.line)
    };
    // The procedures drawn, with the prefix of their nodes.
    let mut drawn: Vec<(usize, String)> = Vec::new();
    match pick {
        Pick::Procedure(i) => {
            let (Some(p), Some(a)) = (catalog.procedures.get(i), report.procedures.get(i)) else {
                out.problem = Some(not_one(lang));
                return out;
            };
            out.kind = Some("procedure");
            out.code.clone_from(&a.code);
            out.name.clone_from(&a.name);
            out.level = a.level.as_str().to_owned();
            out.level_label = a.level.label(lang).to_owned();
            out.criteria = a
                .criteria
                .iter()
                .map(|(n, status)| CriterionView {
                    n,
                    short: quytrinh_analyze::rules::criterion(n)
                        .map_or("", |c| lang.pick(c.short_vi, c.short_en)),
                    status,
                })
                .collect();
            out.trips = a.applicant_visits;
            out.critical_path_days = a.critical_path_days;
            out.time_limit_days = a.time_limit_days;
            out.dot = render_procedure(&p.procedure, Some(&overlay(a)), &options);
            drawn.push((i, String::new()));
        }
        Pick::Group(gi) => {
            let (Some(g), Some(ga)) = (catalog.groups.get(gi), report.groups.get(gi)) else {
                out.problem = Some(not_one(lang));
                return out;
            };
            out.kind = Some("group");
            out.code.clone_from(&ga.code);
            out.name.clone_from(&ga.name);
            out.level = ga.level.as_str().to_owned();
            out.level_label = ga.level.label(lang).to_owned();
            out.trips = ga.applicant_visits;
            out.critical_path_days = ga.critical_path_days;
            out.time_limit_days = ga.time_limit_days;
            out.findings = ga
                .findings
                .iter()
                .map(|f| FindingView {
                    code: f.code,
                    reason: f.reason.clone(),
                    remedy: f.remedy.clone(),
                })
                .collect();
            let go = group_overlay(catalog, g, ga, &report);
            out.dot = render_group(catalog, g, Some(&go), &options);
            for (m, id) in g.members.iter().enumerate() {
                drawn.push((id.0, format!("p{m}_")));
                if let Some(a) = report.procedures.get(id.0) {
                    out.members.push(MemberView {
                        code: a.code.clone(),
                        name: a.name.clone(),
                        level_label: a.level.label(lang).to_owned(),
                    });
                }
            }
        }
    }
    for (i, prefix) in &drawn {
        let (Some(p), Some(a)) = (catalog.procedures.get(*i), report.procedures.get(*i)) else {
            continue;
        };
        let p = &p.procedure;
        let node_of = |step: &str| {
            p.steps
                .iter()
                .position(|s| s.id == step)
                .map(|k| format!("{prefix}s{k}"))
        };
        for (k, s) in p.steps.iter().enumerate() {
            out.steps.push(StepView {
                procedure: p.code.clone(),
                id: s.id.clone(),
                name: s.name.clone(),
                node: format!("{prefix}s{k}"),
                line: line_of(&p.code, &s.id),
            });
        }
        out.blockers.extend(a.blockers.iter().map(|b| BlockerView {
            procedure: b.procedure.clone(),
            criterion: b.criterion,
            rule: b.rule,
            step: b.step.clone(),
            step_name: b.step_name.clone(),
            document_name: b.document_name.clone(),
            node: b.step.as_deref().and_then(node_of),
            line: b.step.as_deref().and_then(|s| line_of(&p.code, s)),
            reason: b.reason.clone(),
            remedy: b.remedy.clone(),
            justified: b.justified,
            clause: b.clause.clone(),
        }));
        out.findings.extend(a.findings.iter().map(|f| FindingView {
            code: f.code,
            reason: f.reason.clone(),
            remedy: f.remedy.clone(),
        }));
        let table = quytrinh_render::table::step_table(p, &table_facts(a), lang);
        out.table_html.push_str(&table.html());
    }
    out.ok = true;
    out
}

/// The to-be model of `text` and the before/after diagram.
pub fn reengineer(root: &Path, lang: Lang, rel: &str, text: &str) -> ToBeView {
    let (mut out, loaded, pick) = match prepare::<ToBeView>(root, lang, rel, text) {
        Ok(prepared) => prepared,
        Err(out) => return out,
    };
    let catalog = &loaded.catalog;
    let config = config(lang);
    let report = analyze_catalog(catalog, &config);
    let made = match pick {
        Pick::Procedure(i) => {
            catalog
                .procedures
                .get(i)
                .zip(report.procedures.get(i))
                .map(|(p, a)| {
                    let t = reengineer_procedure(&p.procedure, a);
                    let doc = Document {
                        procedure: Some(t.model),
                        group: None,
                    };
                    (
                        doc,
                        t.changes,
                        t.kept,
                        a.code.clone(),
                        a.name.clone(),
                        a.level,
                    )
                })
        }
        Pick::Group(i) => catalog
            .groups
            .get(i)
            .zip(report.groups.get(i))
            .map(|(g, ga)| {
                let t = reengineer_loaded_group(catalog, g, ga, &report);
                let doc = Document {
                    procedure: None,
                    group: Some(t.model),
                };
                (
                    doc,
                    t.changes,
                    t.kept,
                    ga.code.clone(),
                    ga.name.clone(),
                    ga.level,
                )
            }),
    };
    let Some((doc, changes, kept, code, name, before)) = made else {
        out.problem = Some(not_one(lang));
        return out;
    };
    let Ok(mut to_be_text) = to_pretty_json(&doc) else {
        out.problem = Some("the to-be model could not be written".to_owned());
        return out;
    };
    to_be_text.push('\n');
    let to_be = load(root, "to-be.json", &to_be_text);
    let to_be_report = analyze_catalog(&to_be.catalog, &config);
    let (Some(after_pick), false) = (self::pick(&to_be.catalog), to_be.has_errors()) else {
        out.problem = Some(format!(
            "the to-be model does not load: {}",
            to_be
                .diagnostics
                .first()
                .map(|d| d.to_plain_string())
                .unwrap_or_default()
        ));
        return out;
    };
    let after = level_of(&to_be_report, after_pick).unwrap_or(before);
    let levels = [LevelChange {
        code,
        name,
        before,
        after,
    }];
    out.changes = changes_text(&changes, &kept, &levels, lang);
    out.level_before = before.label(lang).to_owned();
    out.level_after = after.label(lang).to_owned();
    let options = Options {
        lang,
        ..Options::default()
    };
    // The same drawings as `render` and `render --compare`, from the analyses made above.
    if let Some(d) = quytrinh::draw::one(&to_be.catalog, Some(&to_be_report), &options) {
        out.dot = d.text;
    }
    if let Ok(Some(d)) = quytrinh::draw::compare_analysed(
        catalog,
        Some(&report),
        &to_be.catalog,
        Some(&to_be_report),
        &options,
    ) {
        out.compare_dot = d.text;
    }
    out.text = to_be_text;
    out.ok = true;
    out
}

fn level_of(report: &Report, pick: Pick) -> Option<quytrinh_model::Level> {
    match pick {
        Pick::Procedure(i) => report.procedures.get(i).map(|a| a.level),
        Pick::Group(i) => report.groups.get(i).map(|g| g.level),
    }
}

/// Where a step starts in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLine {
    /// The code of the procedure whose `steps` hold it, when the text says.
    pub code: Option<String>,
    pub id: String,
    /// 1-based.
    pub line: usize,
}

/// Every step of the text (each object with an `id` in a `steps` array, at any depth), with the
/// line it starts on. Text that does not parse gives none.
pub fn step_lines(text: &str) -> Vec<StepLine> {
    let Ok(parsed) =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack: Vec<(&Value<'_>, Option<String>)> = Vec::new();
    if let Some(v) = parsed.value.as_ref() {
        stack.push((v, None));
    }
    while let Some((v, code)) = stack.pop() {
        match v {
            Value::Object(o) => {
                let own_code = o.properties.iter().find_map(|p| match &p.value {
                    Value::StringLit(s) if p.name.as_str() == "code" => Some(s.value.to_string()),
                    _ => None,
                });
                let code = own_code.or(code);
                for p in &o.properties {
                    if p.name.as_str() == "steps"
                        && let Value::Array(steps) = &p.value
                    {
                        for s in &steps.elements {
                            let Value::Object(step) = s else { continue };
                            let id = step.properties.iter().find_map(|p| match &p.value {
                                Value::StringLit(s) if p.name.as_str() == "id" => {
                                    Some(s.value.to_string())
                                }
                                _ => None,
                            });
                            if let Some(id) = id {
                                out.push(StepLine {
                                    code: code.clone(),
                                    id,
                                    line: line_at(text, s.range().start),
                                });
                            }
                        }
                    } else {
                        stack.push((&p.value, code.clone()));
                    }
                }
            }
            Value::Array(a) => stack.extend(a.elements.iter().map(|e| (e, code.clone()))),
            _ => {}
        }
    }
    out.sort_by_key(|l| l.line);
    out
}

/// The 1-based line of byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text
        .as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_steps() {
        let text = "{\"procedure\": {\"code\": \"X\",\n \"steps\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}]}}";
        let lines = step_lines(text);
        assert_eq!(
            lines,
            vec![
                StepLine {
                    code: Some("X".into()),
                    id: "a".into(),
                    line: 3
                },
                StepLine {
                    code: Some("X".into()),
                    id: "b".into(),
                    line: 4
                },
            ]
        );
        assert!(step_lines("{not json").is_empty());
    }
}
