//! `analyze --format sarif`: the report as a SARIF 2.1.0 log, for code scanning and review
//! tools. Each blocker and finding is a result at the file, line and column of its step; each
//! rule is a blocker cause (`TC6-PRESENCE`) or a finding kind (`F-TIMING`) of the rule set, with
//! its criterion and its legal basis. Columns count Unicode code points, as every position
//! quytrinh prints does (`columnKind: unicodeCodePoints`).
//!
//! The log is written with this module's own types: only the SARIF objects and properties
//! quytrinh emits, each struct's fields in the alphabetical order of their JSON names (the order
//! the output has always had). The separate test crate `tests/conformance-schemas` validates the
//! output against the published schema and reads it back with the `serde-sarif` crate's types.

use std::collections::BTreeMap;

use quytrinh_model::Lang;
use serde::Serialize;

use crate::annotate::{Annotation, Places, Severity, annotations};
use crate::report::{Basis, Report};
use crate::rules::{self, RULE_SET};

/// Where the SARIF 2.1.0 schema is published.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF 2.1.0 log (`sarifLog`) of one run; serialize it with serde.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: Vec<Run>,
    version: &'static str,
}

/// `run`: the tool and its results.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    column_kind: &'static str,
    results: Vec<SarifResult>,
    tool: Tool,
}

/// `tool`: quytrinh as the driver.
#[derive(Debug, Clone, Serialize)]
struct Tool {
    driver: ToolComponent,
}

/// `toolComponent`: quytrinh, its version and its rules.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ToolComponent {
    full_name: String,
    name: &'static str,
    rules: Vec<ReportingDescriptor>,
    semantic_version: &'static str,
    version: &'static str,
}

/// `reportingDescriptor`: one rule (a blocker cause or a finding kind).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    default_configuration: ReportingConfiguration,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<MultiformatMessageString>,
    help: MultiformatMessageString,
    id: &'static str,
    /// The property bag: `legal_basis` and the rule's criteria or kind, keys in sorted order.
    properties: BTreeMap<String, serde_json::Value>,
    short_description: MultiformatMessageString,
}

/// `reportingConfiguration`: a rule's default level.
#[derive(Debug, Clone, Serialize)]
struct ReportingConfiguration {
    level: Level,
}

/// `multiformatMessageString` and `message`, as plain text.
#[derive(Debug, Clone, Serialize)]
struct MultiformatMessageString {
    text: String,
}

/// A result's or a rule's level.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
enum Level {
    Error,
    Warning,
    Note,
}

/// `result`: one blocker or finding at its place.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    level: Level,
    locations: Vec<Location>,
    message: MultiformatMessageString,
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

/// `location`, with only its physical location.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

/// `physicalLocation`: the file (none for standard input) and the region.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    artifact_location: Option<ArtifactLocation>,
    region: Region,
}

/// `artifactLocation`: a relative URI reference.
#[derive(Debug, Clone, Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// `region`: lines and columns, from 1.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

/// The report as a SARIF log. `places` locates steps in the input files (see
/// [`crate::annotate`]); `lang` is the language of the rules' descriptions (results are in the
/// report's own language).
pub fn sarif(report: &Report, places: &Places, lang: Lang) -> Log {
    let rules = rule_descriptors(lang);
    let index: BTreeMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let results: Vec<SarifResult> = annotations(report, places)
        .into_iter()
        .map(|a| result(a, &index))
        .collect();
    let driver = ToolComponent {
        full_name: format!(
            "quytrinh: {} ({}, rules version {})",
            RULE_SET.title(),
            RULE_SET.id(),
            RULE_SET.version()
        ),
        name: "quytrinh",
        rules,
        semantic_version: env!("CARGO_PKG_VERSION"),
        version: env!("CARGO_PKG_VERSION"),
    };
    Log {
        schema: SCHEMA_URI,
        runs: vec![Run {
            column_kind: "unicodeCodePoints",
            results,
            tool: Tool { driver },
        }],
        version: "2.1.0",
    }
}

/// The SARIF log as pretty-printed JSON, ending with a newline.
pub fn to_string(report: &Report, places: &Places, lang: Lang) -> String {
    let mut s = serde_json::to_string_pretty(&sarif(report, places, lang))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString { text: s.into() }
}

fn result(a: Annotation, index: &BTreeMap<&str, usize>) -> SarifResult {
    let level = match a.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    let region = Region {
        start_line: a.place.line,
        start_column: a.place.column,
        end_line: a.place.end_line.max(a.place.line),
        end_column: if a.place.end_line > a.place.line {
            a.place.end_column
        } else {
            a.place.end_column.max(a.place.column)
        },
    };
    let physical_location = PhysicalLocation {
        artifact_location: a
            .file
            .as_deref()
            .map(|file| ArtifactLocation { uri: uri(file) }),
        region,
    };
    SarifResult {
        level,
        locations: vec![Location { physical_location }],
        message: text(format!("{}: {}", a.title, a.message)),
        rule_id: a.rule,
        rule_index: index.get(a.rule).copied(),
    }
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
            Level::Error,
            serde_json::json!({ "criteria": c.criteria, "reason_category": c.category.as_str() }),
        ));
    }
    for f in &rules::FINDINGS {
        let basis: Vec<Basis> = f.sources.iter().map(|&id| Basis::source(id)).collect();
        let level = if f.kind == rules::FindingKind::OptionalChannel {
            Level::Note
        } else {
            Level::Warning
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
    id: &'static str,
    short: &str,
    full: &str,
    remedy: &str,
    basis: &[Basis],
    lang: Lang,
    level: Level,
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
    ReportingDescriptor {
        default_configuration: ReportingConfiguration { level },
        full_description: (!full.is_empty()).then(|| text(full)),
        help: text(help),
        id,
        properties,
        short_description: text(short),
    }
}
