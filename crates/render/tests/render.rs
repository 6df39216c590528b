//! The renderer on the conformance samples and on hostile text: DOT snapshots, DOT that
//! Graphviz reads back, and SVG that keeps every step name intact.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use quytrinh_model::{Catalog, Lang, Loader, RealFs};
use quytrinh_render::{
    Direction, GroupOverlay, Level, Options, Overlay, render_group, render_procedure,
};

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

fn load(paths: &[PathBuf]) -> Catalog {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    for p in paths {
        let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        loader.add_bytes(&p.display().to_string(), Some(p), &bytes);
    }
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.catalog
}

fn conformance(name: &str) -> Catalog {
    load(&[conformance_dir().join(name)])
}

/// The analysis of the conformance samples as `expected.json` gives it, as overlays.
fn overlay_for(code: &str) -> Option<Overlay> {
    let mut o = Overlay::default();
    match code {
        "1.001193" => {
            o.level = Some(Level::InformationOnly);
            o.add_blocker(4, Some("nop"), Some("giay_chung_sinh"), false);
            o.add_blocker(4, Some("nop"), Some("cccd"), false);
            o.add_blocker(6, Some("nop"), Some("giay_chung_sinh"), false);
            o.add_blocker(6, Some("nop"), Some("cccd"), false);
            o.add_blocker(6, Some("tra"), None, false);
            o.add_blocker(8, Some("tra"), None, false);
        }
        "2.001417" => {
            o.level = Some(Level::PartialOnline);
            o.add_blocker(6, Some("doi_chieu"), None, false);
            o.add_blocker(6, Some("doi_chieu"), Some("cccd"), true);
            o.add_blocker(8, Some("doi_chieu"), None, false);
        }
        "1.011416" => {
            o.level = Some(Level::InformationOnly);
            o.add_blocker(3, Some("nop"), None, false);
            o.add_blocker(4, Some("nop"), None, false);
            o.add_blocker(4, Some("nop"), Some("cc"), false);
            o.add_blocker(6, Some("nop"), None, false);
            o.add_blocker(6, Some("cap"), None, false);
            o.add_blocker(7, None, None, false);
        }
        _ => return None,
    }
    Some(o)
}

fn group_overlay(catalog: &Catalog) -> GroupOverlay {
    let mut o = GroupOverlay {
        level: Some(Level::InformationOnly),
        ..GroupOverlay::default()
    };
    for p in &catalog.procedures {
        if let Some(po) = overlay_for(&p.procedure.code) {
            o.members.insert(p.procedure.code.clone(), po);
        }
    }
    for (i, g) in catalog.groups.iter().enumerate() {
        let _ = g;
        o.blocking_links.insert(i);
    }
    o
}

/// Every diagram of a catalogue: (name, DOT), procedures then groups.
fn render_all(catalog: &Catalog, options: &Options, analysis: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in &catalog.procedures {
        let overlay = if analysis {
            overlay_for(&p.procedure.code)
        } else {
            None
        };
        out.push((
            p.procedure.code.clone(),
            render_procedure(&p.procedure, overlay.as_ref(), options),
        ));
    }
    for g in &catalog.groups {
        let overlay = analysis.then(|| group_overlay(catalog));
        out.push((
            g.group.code.clone(),
            render_group(catalog, g, overlay.as_ref(), options),
        ));
    }
    dump(&out);
    out
}

/// With QUYTRINH_RENDER_DUMP=DIR, also writes each DOT there (to look at the drawings).
fn dump(diagrams: &[(String, String)]) {
    if let Some(dir) = std::env::var_os("QUYTRINH_RENDER_DUMP") {
        for (name, dot) in diagrams {
            std::fs::write(Path::new(&dir).join(format!("{name}.dot")), dot).unwrap();
        }
    }
}

/// A procedure whose every text is hostile: DOT and HTML syntax, quotes, backslashes, line
/// breaks, braces, brackets, and Vietnamese and other non-ASCII text.
const HOSTILE: &str = r#"{"procedure": {
  "code": "X\"; evil -> x [label=\"pwn\"] <b>&amp;",
  "name": "Tên \"có\" <ngoặc> & {ngoặc nhọn} ]] \\ đường\ndẫn",
  "authority": "Sở <Tư pháp> & \"Công an\"",
  "actors": [
    { "id": "a", "name": "Người \"nộp\" <hồ sơ> ]", "role": "applicant" },
    { "id": "b", "name": "Cơ quan {a}\\{b} & <c>", "role": "agency" }
  ],
  "documents": [ { "id": "d", "name": "Giấy </TD></TR></TABLE>> & \"x\"", "form": "paper", "required_by": "Điều 1 \"Luật\"" } ],
  "steps": [
    { "id": "s1", "name": "Nộp \"hồ sơ\" <b>đậm</b> & ]; x -> y", "actor": "a", "action": "submit", "channel": "in_person", "documents": ["d"] },
    { "id": "s2", "name": "Xử lý \\ {dữ liệu}\r\nmới 'trích dẫn'", "actor": "b", "action": "process", "channel": "paper", "duration_days": 1.5, "required_by": "Khoản 2 <Điều 3> & \"Nghị định\"" },
    { "id": "s3", "name": "Nộp phí > 0 đồng", "actor": "a", "action": "pay", "channel": "online" },
    { "id": "s4", "name": "Trả kết quả ✓ 漢字", "actor": "b", "action": "return_result", "channel": "postal" }
  ],
  "flows": [
    { "from": "s1", "to": "s2" },
    { "from": "s2", "to": "s1", "kind": "rework", "label": "Bổ sung \"ngay\" <hôm nay> & ]" },
    { "from": "s2", "to": "s3", "kind": "alternative", "label": "Có phí {x}" },
    { "from": "s2", "to": "s4", "kind": "alternative", "label": "Miễn phí \\" },
    { "from": "s3", "to": "s4" }
  ]
}}"#;

fn hostile() -> (quytrinh_model::Procedure, Overlay) {
    let doc =
        quytrinh_model::parse_str("hostile.json", HOSTILE).unwrap_or_else(|d| panic!("{d:?}"));
    let p = doc.procedure.unwrap();
    let mut o = Overlay {
        level: Some(Level::Offline),
        ..Overlay::default()
    };
    o.add_blocker(1, None, None, false);
    o.add_blocker(4, Some("s1"), Some("d"), true);
    o.add_blocker(6, Some("s1"), None, false);
    o.add_blocker(6, Some("s2"), None, true);
    (p, o)
}

/// Every diagram the tests draw: the conformance samples (with and without the overlay, in
/// both languages), the examples, and the hostile procedure.
fn every_diagram() -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut catalogs: Vec<Catalog> = [
        "c01-khai-sinh.json",
        "c02-ly-lich-tu-phap.json",
        "c03-group.json",
    ]
    .iter()
    .map(|f| conformance(f))
    .collect();
    catalogs.push(load(&examples()));
    for catalog in &catalogs {
        for lang in [Lang::Vi, Lang::En] {
            for analysis in [true, false] {
                let options = Options {
                    lang,
                    direction: Direction::TopToBottom,
                };
                for ((name, dot), names) in render_all(catalog, &options, analysis)
                    .into_iter()
                    .zip(step_names(catalog))
                {
                    out.push((name, dot, names));
                }
            }
        }
    }
    let (p, o) = hostile();
    for direction in [Direction::TopToBottom, Direction::LeftToRight] {
        let names: Vec<String> = p.steps.iter().map(|s| s.name.clone()).collect();
        let dot = render_procedure(
            &p,
            Some(&o),
            &Options {
                lang: Lang::Vi,
                direction,
            },
        );
        out.push(("hostile".to_owned(), dot, names));
    }
    out
}

/// The step names each diagram of `render_all` must show.
fn step_names(catalog: &Catalog) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = catalog
        .procedures
        .iter()
        .map(|p| p.procedure.steps.iter().map(|s| s.name.clone()).collect())
        .collect();
    for g in &catalog.groups {
        out.push(
            catalog
                .members(g)
                .flat_map(|p| p.steps.iter().map(|s| s.name.clone()))
                .collect(),
        );
    }
    out
}

/// The example files (`/work/main/examples`), groups included.
fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn hostile_text_snapshot() {
    let (p, o) = hostile();
    insta::assert_snapshot!(
        "hostile",
        render_procedure(&p, Some(&o), &Options::default())
    );
}

#[test]
fn english_and_model_only_snapshots() {
    let catalog = conformance("c03-group.json");
    let en = Options {
        lang: Lang::En,
        direction: Direction::TopToBottom,
    };
    for (name, dot) in render_all(&catalog, &en, true) {
        insta::assert_snapshot!(format!("en__{name}"), dot);
    }
    let catalog = conformance("c02-ly-lich-tu-phap.json");
    for (name, dot) in render_all(&catalog, &Options::default(), false) {
        insta::assert_snapshot!(format!("no_analysis__{name}"), dot);
    }
}

#[test]
fn example_snapshots() {
    insta::glob!("../../../examples", "**/*.json", |path| {
        let catalog = load(&[path.to_path_buf()]);
        let diagrams = render_all(&catalog, &Options::default(), false);
        let text: Vec<String> = diagrams
            .into_iter()
            .map(|(name, dot)| format!("// {name}\n{dot}"))
            .collect();
        insta::assert_snapshot!(text.join("\n"));
    });
}

#[test]
fn output_is_deterministic() {
    let first: Vec<_> = every_diagram().into_iter().map(|(_, dot, _)| dot).collect();
    let second: Vec<_> = every_diagram().into_iter().map(|(_, dot, _)| dot).collect();
    assert_eq!(first, second);
}

#[test]
fn every_dot_parses_back() {
    for (name, dot, _) in every_diagram() {
        if let Err(e) = graphviz_rust::parse(&dot) {
            panic!("the DOT of {name} does not parse: {e}\n{dot}");
        }
    }
}

/// Is Graphviz `dot` here? Without it the SVG test skips with a note, unless
/// QUYTRINH_REQUIRE_DOT=1 (CI), where it fails.
fn dot_available() -> bool {
    let ok = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("QUYTRINH_REQUIRE_DOT").as_deref() != Ok("1"),
            "Graphviz `dot` is not installed but QUYTRINH_REQUIRE_DOT=1: install graphviz"
        );
        eprintln!("note: Graphviz `dot` is not installed; skipping the SVG check");
    }
    ok
}

fn svg_of(dot: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}\n{dot}");
    assert!(!stderr.contains("Error"), "dot complained: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// Text as Graphviz writes it into SVG: `&`, `<`, `>`, `"`, `'` and `-` as entities.
fn svg_text(word: &str) -> String {
    word.replace('&', "&amp;")
        .replace('-', "&#45;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn svg_shows_every_step_name_intact() {
    if !dot_available() {
        return;
    }
    for (name, dot, steps) in every_diagram() {
        let svg = svg_of(&dot);
        for step in &steps {
            // Names are wrapped over lines (one <text> each), never inside a word.
            for word in step
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
            {
                let expected = svg_text(word);
                assert!(
                    svg.contains(&format!(">{expected}")) || svg.contains(&format!(" {expected}")),
                    "{name}: the SVG lacks {expected:?} of the step {step:?}"
                );
            }
        }
    }
}

#[test]
fn conformance_snapshots() {
    for (file, lang) in [
        ("c01-khai-sinh.json", Lang::Vi),
        ("c02-ly-lich-tu-phap.json", Lang::Vi),
        ("c03-group.json", Lang::Vi),
    ] {
        let catalog = conformance(file);
        for (name, dot) in render_all(
            &catalog,
            &Options {
                lang,
                direction: Direction::TopToBottom,
            },
            true,
        ) {
            insta::assert_snapshot!(format!("{}__{name}", file.trim_end_matches(".json")), dot);
        }
    }
}
