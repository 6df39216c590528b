//! What the fuzz targets share: an in-memory file system and the whole pipeline.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

use quytrinh_analyze::{Config, FieldVerification, Report};
use quytrinh_model::{Lang, Loaded};
use quytrinh_render::Options;
use quytrinh_render::from_analysis::{group_overlay, overlay};

/// A valid procedure that groups in the fuzz input may include as `member.json` or by its
/// code `9.000001`.
pub const MEMBER: &str = r#"{"procedure": {"code": "9.000001", "name": "Thủ tục thành viên",
  "published": true, "forms_downloadable": true, "result": {"name": "Kết quả", "electronic": true},
  "actors": [{"id": "cd", "name": "Công dân", "role": "applicant"},
             {"id": "mc", "name": "Một cửa", "role": "agency"}],
  "documents": [{"id": "to_khai", "name": "Tờ khai", "form": "electronic"}],
  "steps": [{"id": "nop", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "online", "documents": ["to_khai"]},
            {"id": "tiep_nhan", "name": "Tiếp nhận", "actor": "mc", "action": "receive", "channel": "online"},
            {"id": "tra", "name": "Trả", "actor": "mc", "action": "return_result", "channel": "online"}],
  "flows": [{"from": "nop", "to": "tiep_nhan"}, {"from": "tiep_nhan", "to": "nop", "kind": "rework"},
            {"from": "tiep_nhan", "to": "tra"}]}}"#;

/// A group in a sub-folder that includes the member and the fuzz input itself (`../in.json`):
/// a cycle whenever the input includes it.
pub const SUBGROUP: &str = r#"{"group": {"code": "LT-SUB", "name": "Nhóm con",
  "procedures": [{"include": "../member.json"}, {"include": "../in.json"}], "links": []}}"#;

/// Files keyed by lexically normalised path; `canonicalize` resolves `.` and `..` and needs
/// the file to exist, like the real one.
pub struct MemFs(pub BTreeMap<PathBuf, Vec<u8>>);

impl MemFs {
    /// `fuzz/in.json` (or `.jsonl`) holds `data`, beside `member.json`, `sub/group.json`
    /// and a folder `dir` (no file of its own).
    pub fn with_input(name: &str, data: &[u8]) -> MemFs {
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("fuzz").join(name), data.to_vec());
        files.insert(
            PathBuf::from("fuzz/member.json"),
            MEMBER.as_bytes().to_vec(),
        );
        files.insert(
            PathBuf::from("fuzz/sub/group.json"),
            SUBGROUP.as_bytes().to_vec(),
        );
        MemFs(files)
    }
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl quytrinh_model::FileSystem for MemFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let p = normalise(path);
        if p == Path::new("fuzz/dir") {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        self.0
            .get(&p)
            .cloned()
            .ok_or_else(|| io::ErrorKind::NotFound.into())
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let p = normalise(path);
        if self.0.contains_key(&p) || p == Path::new("fuzz/dir") {
            Ok(p)
        } else {
            Err(io::ErrorKind::NotFound.into())
        }
    }
}

/// Loads `data` as the file `name` (`in.json` or `in.jsonl`), the way the CLI does.
pub fn load(name: &str, data: &[u8]) -> Loaded {
    let fs = MemFs::with_input(name, data);
    let path = PathBuf::from("fuzz").join(name);
    let loaded =
        quytrinh::load::load_bytes_with(&fs, &path.display().to_string(), Some(&path), data);
    // Every diagnostic must render as the CLI shows it (miette, with its snippet) without
    // panicking.
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_context_lines(1)
            .with_width(100);
    for d in &loaded.diagnostics {
        let mut s = String::new();
        let _ = handler.render_report(&mut s, d);
        let _ = d.to_plain_string();
        let _ = d.record();
    }
    loaded
}

/// Attributes through which a DOT file makes Graphviz read other files; the renderer never
/// writes them, so finding one means user text got out of its label.
const FILE_ATTRIBUTES: &[&str] = &[
    "<img",
    "image=\"",
    "imagepath=\"",
    "fontpath=\"",
    "shapefile=\"",
    "stylesheet=\"",
];

#[track_caller]
fn parse_dot(dot: &str, what: &str) {
    if let Err(e) = graphviz_rust::parse(dot) {
        panic!("the DOT of {what} does not parse back: {e}\n{dot}");
    }
    let lower = dot.to_ascii_lowercase();
    for a in FILE_ATTRIBUTES {
        assert!(!lower.contains(a), "the DOT of {what} holds `{a}`:\n{dot}");
    }
}

/// Analyses with both policies and in both languages, renders every procedure and group (with
/// and without the analysis) and parses each DOT back.
pub fn pipeline(loaded: &Loaded) {
    if loaded.has_errors() {
        return;
    }
    let catalog = &loaded.catalog;
    let mut reports: Vec<Report> = Vec::new();
    for (fv, lang) in [
        (FieldVerification::Blocks, Lang::Vi),
        (FieldVerification::Allowed, Lang::En),
    ] {
        let config = Config {
            field_verification: fv,
            lang,
        };
        let report = quytrinh_analyze::analyze_catalog(catalog, &config);
        let _ = report.to_json();
        let _ = quytrinh_analyze::format::text(&report, lang, None);
        let _ = quytrinh_analyze::format::markdown(&report, lang, Some(3));
        reports.push(report);
    }
    let Some(report) = reports.first() else {
        return;
    };
    let options = Options::default();
    for (i, lp) in catalog.procedures.iter().enumerate() {
        let bare = quytrinh_render::render_procedure(&lp.procedure, None, &options);
        parse_dot(&bare, &lp.procedure.code);
        if let Some(a) = report.procedures.get(i) {
            let o = overlay(a);
            let dot = quytrinh_render::render_procedure(&lp.procedure, Some(&o), &options);
            parse_dot(&dot, &lp.procedure.code);
            let again = quytrinh_render::render_procedure(&lp.procedure, Some(&o), &options);
            assert_eq!(dot, again, "rendering is not deterministic");
        }
    }
    for (i, g) in catalog.groups.iter().enumerate() {
        let bare = quytrinh_render::render_group(catalog, g, None, &options);
        parse_dot(&bare, &g.group.code);
        let mut go = report
            .groups
            .get(i)
            .map(|ga| group_overlay(catalog, g, ga, report))
            .unwrap_or_default();
        go.blocking_links = (0..g.links.len()).step_by(2).collect();
        let dot = quytrinh_render::render_group(catalog, g, Some(&go), &options);
        parse_dot(&dot, &g.group.code);
    }
}
