//! `analyze --format sarif`: the report as a SARIF 2.1.0 log (serde-sarif's types), for code
//! scanning and review tools. Each blocker and finding is a result at the file, line and column
//! of its step; each rule is a blocker cause (`TC6-PRESENCE`) or a finding kind (`F-TIMING`) of
//! the rule set, with its criterion and its legal basis. Columns count Unicode code points, as
//! every position quytrinh prints does (`columnKind: unicodeCodePoints`).

use std::collections::BTreeMap;

use quytrinh_model::Lang;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use crate::annotate::{Annotation, Places, Severity, annotations};
use crate::report::{Basis, Report};
use crate::rules::{self, RULE_SET};

/// Where the SARIF 2.1.0 schema is published.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The report as a SARIF log. `places` locates steps in the input files (see
/// [`crate::annotate`]); `lang` is the language of the rules' descriptions (results are in the
/// report's own language).
pub fn sarif(report: &Report, places: &Places, lang: Lang) -> Sarif {
    let rules = rule_descriptors(lang);
    let index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let results: Vec<SarifResult> = annotations(report, places)
        .into_iter()
        .map(|a| result(a, &index))
        .collect();
    let driver = ToolComponent::builder()
        .name("quytrinh")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .full_name(format!(
            "quytrinh: {} ({}, rules version {})",
            RULE_SET.title(),
            RULE_SET.id(),
            RULE_SET.version()
        ))
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The SARIF log as pretty-printed JSON, ending with a newline.
pub fn to_string(report: &Report, places: &Places, lang: Lang) -> String {
    let mut s = serde_json::to_string_pretty(&sarif(report, places, lang))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn text(s: impl Into<String>) -> Message {
    Message::builder().text(s.into()).build()
}

fn multiformat(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

fn result(a: Annotation, index: &BTreeMap<&str, usize>) -> SarifResult {
    let level = match a.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    };
    let region = Region::builder()
        .start_line(to_i64(a.place.line))
        .start_column(to_i64(a.place.column))
        .end_line(to_i64(a.place.end_line.max(a.place.line)))
        .end_column(to_i64(if a.place.end_line > a.place.line {
            a.place.end_column
        } else {
            a.place.end_column.max(a.place.column)
        }))
        .build();
    let mut physical = PhysicalLocation::builder().region(region).build();
    if let Some(file) = &a.file {
        physical.artifact_location = Some(ArtifactLocation::builder().uri(uri(file)).build());
    }
    let mut r = SarifResult::builder()
        .rule_id(a.rule)
        .level(level)
        .message(text(format!("{}: {}", a.title, a.message)))
        .locations(vec![
            Location::builder().physical_location(physical).build(),
        ])
        .build();
    r.rule_index = index.get(a.rule).map(|&i| to_i64(i));
    r
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A file name as a relative URI reference: `/` separators, every byte outside the unreserved
/// characters and `/` percent-encoded (Vietnamese names, spaces, `#`).
fn uri(file: &str) -> String {
    let file = file.replace('\\', "/");
    let file = file.strip_prefix("./").unwrap_or(&file);
    let mut out = String::with_capacity(file.len());
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every rule of the rule set: the blocker causes, then the finding kinds.
fn rule_descriptors(lang: Lang) -> Vec<ReportingDescriptor> {
    let mut out = Vec::new();
    for c in &rules::CAUSES {
        let mut basis: Vec<Basis> = c.criteria.iter().map(|&n| Basis::criterion(n)).collect();
        basis.extend(c.also.iter().map(|&id| Basis::source(id)));
        let criteria: Vec<String> = c
            .criteria
            .iter()
            .filter_map(|&n| rules::criterion(n))
            .map(|k| {
                format!(
                    "{} — {}: {}",
                    k.code,
                    lang.pick(k.short_vi, k.short_en),
                    k.wording_vi
                )
            })
            .collect();
        out.push(descriptor(
            c.code,
            lang.pick(c.what_vi, c.what_en),
            &criteria.join("\n"),
            lang.pick(c.remedy_vi, c.remedy_en),
            &basis,
            lang,
            "error",
            serde_json::json!({ "criteria": c.criteria, "reason_category": c.category.as_str() }),
        ));
    }
    for f in &rules::FINDINGS {
        let basis: Vec<Basis> = f.sources.iter().map(|&id| Basis::source(id)).collect();
        let level = if f.kind == rules::FindingKind::OptionalChannel {
            "note"
        } else {
            "warning"
        };
        out.push(descriptor(
            f.code,
            lang.pick(f.title_vi, f.title_en),
            f.wording_vi,
            lang.pick(f.remedy_vi, f.remedy_en),
            &basis,
            lang,
            level,
            serde_json::json!({ "kind": f.kind.as_str() }),
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn descriptor(
    id: &str,
    short: &str,
    full: &str,
    remedy: &str,
    basis: &[Basis],
    lang: Lang,
    level: &str,
    extra: serde_json::Value,
) -> ReportingDescriptor {
    let cited: Vec<String> = basis.iter().map(|b| b.cite(lang)).collect();
    let basis_label = lang.pick("Căn cứ", "Legal basis");
    let remedy_label = lang.pick("Cách khắc phục", "Remedy");
    let mut help = format!("{remedy_label}: {remedy}");
    if !cited.is_empty() {
        help.push_str(&format!("\n{basis_label}: {}", cited.join("; ")));
    }
    let mut properties = BTreeMap::new();
    properties.insert("legal_basis".to_owned(), serde_json::json!(cited));
    if let serde_json::Value::Object(map) = extra {
        properties.extend(map);
    }
    let mut d = ReportingDescriptor::builder()
        .id(id)
        .short_description(multiformat(short))
        .help(multiformat(help))
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level))
                .build(),
        )
        .build();
    if !full.is_empty() {
        d.full_description = Some(multiformat(full));
    }
    d
}
