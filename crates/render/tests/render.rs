//! The renderer on the conformance samples and on hostile text: DOT snapshots, DOT that
//! Graphviz reads back, and SVG that keeps every step name intact.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use quytrinh_model::{Catalog, Lang, Loader, RealFs};
use quytrinh_render::{Direction, GroupOverlay, Level, Options, Overlay, render_group, render_procedure};

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
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
    let mut o = GroupOverlay { level: Some(Level::InformationOnly), ..GroupOverlay::default() };
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
        let overlay = if analysis { overlay_for(&p.procedure.code) } else { None };
        out.push((p.procedure.code.clone(), render_procedure(&p.procedure, overlay.as_ref(), options)));
    }
    for g in &catalog.groups {
        let overlay = analysis.then(|| group_overlay(catalog));
        out.push((g.group.code.clone(), render_group(catalog, g, overlay.as_ref(), options)));
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

#[test]
fn conformance_snapshots() {
    for (file, lang) in [("c01-khai-sinh.json", Lang::Vi), ("c02-ly-lich-tu-phap.json", Lang::Vi), ("c03-group.json", Lang::Vi)] {
        let catalog = conformance(file);
        for (name, dot) in render_all(&catalog, &Options { lang, direction: Direction::TopToBottom }, true) {
            insta::assert_snapshot!(format!("{}__{name}", file.trim_end_matches(".json")), dot);
        }
    }
}
