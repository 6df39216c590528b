//! The renderer on the conformance samples, the examples and hostile text: lanes in the fixed
//! order in every diagram kind (measured on Graphviz's layout), the marks each diagram must
//! show, DOT that Graphviz reads back, SVG that keeps every step name intact, and two small
//! snapshots.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};

use quytrinh_model::{Catalog, Lang, Loader, RealFs};
use std::collections::{BTreeMap, BTreeSet};

use quytrinh_render::testing::run_dot;
use quytrinh_render::{
    Direction, GroupOverlay, Level, Options, Overlay, Repeated, Side, render_compare, render_group,
    render_procedure,
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

/// Is Graphviz `dot` here (else the SVG test skips, or fails in CI)?
fn dot_available() -> bool {
    quytrinh_render::testing::dot_available("the SVG check")
}

fn svg_of(dot: &str) -> String {
    String::from_utf8(run_dot(dot, "svg")).unwrap()
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

/// Graphviz's layout of a DOT (`dot -Tjson`).
fn layout(dot: &str) -> serde_json::Value {
    serde_json::from_slice(&run_dot(dot, "json")).unwrap()
}

/// The lane titles (`{prefix}lh{k}` nodes) in the order Graphviz placed them: left to right,
/// or top to bottom when the steps run left to right.
fn lanes_as_drawn(json: &serde_json::Value, prefix: &str, direction: Direction) -> Vec<String> {
    let mut heads: Vec<(f64, String)> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["name"]
                .as_str()
                .and_then(|n| n.strip_prefix(prefix))
                .and_then(|n| n.strip_prefix("lh"))
                .is_some_and(|k| k.parse::<usize>().is_ok())
        })
        .map(|o| {
            let pos: Vec<f64> = o["pos"]
                .as_str()
                .unwrap()
                .split(',')
                .map(|x| x.parse().unwrap())
                .collect();
            let key = match direction {
                Direction::TopToBottom => pos[0],
                // Graphviz's y grows upwards.
                Direction::LeftToRight => -pos[1],
            };
            let label = o["label"].as_str().unwrap();
            // The title's first line: `<B>name…`.
            let name = label
                .trim_start_matches("<B>")
                .split("</B>")
                .next()
                .unwrap()
                .replace("<BR/>", " ");
            (key, name)
        })
        .collect();
    heads.sort_by(|a, b| a.0.total_cmp(&b.0));
    heads.into_iter().map(|(_, n)| n).collect()
}

/// The lanes a procedure must show, in the fixed order (names as the titles wrap them).
fn lanes_expected(p: &quytrinh_model::Procedure) -> Vec<String> {
    p.lane_order()
        .into_iter()
        .map(|i| normalise(&p.actors[i].name))
        .collect()
}

/// The lanes a group must show: the applicant, then one lane per agency across the group (an
/// agency and its officials under the member's `authority`), ordered by role, then as first
/// met (members in order, each member's actors in its lane order).
fn group_lanes_expected(catalog: &Catalog, g: &quytrinh_model::LoadedGroup) -> Vec<String> {
    use quytrinh_model::Role;
    let mut lanes: Vec<(Role, String)> = Vec::new();
    for p in catalog.members(g) {
        for i in p.lane_order() {
            let actor = &p.actors[i];
            let lane = match actor.role {
                Role::Applicant => (Role::Applicant, "Người yêu cầu".to_owned()),
                Role::Agency | Role::Official => match &p.authority {
                    Some(authority) => (Role::Agency, authority.clone()),
                    None => (actor.role, actor.name.clone()),
                },
                role => (role, actor.name.clone()),
            };
            if !lanes.contains(&lane) {
                lanes.push(lane);
            }
        }
    }
    lanes.sort_by_key(|(role, _)| *role);
    lanes
        .into_iter()
        .map(|(_, name)| normalise(&name))
        .collect()
}

/// Text as the titles show it: escaped, with wrapped lines joined by a space.
fn normalise(s: &str) -> String {
    quytrinh_render::escape_html(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[track_caller]
fn check_lanes(name: &str, dot: &str, prefix: &str, direction: Direction, expected: &[String]) {
    let drawn: Vec<String> = lanes_as_drawn(&layout(dot), prefix, direction)
        .iter()
        .map(|n| normalise(n))
        .collect();
    assert_eq!(drawn, expected, "{name}: lanes out of order ({prefix})");
}

/// The catalogue of every example, and the pairs (as-is file, to-be file) of the examples.
fn example_pairs() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut pairs = Vec::new();
    for to_be in examples()
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".to-be.json"))
    {
        let stem = to_be
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".to-be.json", ".json");
        let as_is = [root.join(&stem), root.join("groups").join(&stem)]
            .into_iter()
            .find(|p| p.exists())
            .unwrap();
        pairs.push((as_is, to_be));
    }
    pairs
}

#[test]
fn lanes_keep_the_fixed_order_in_every_diagram_kind() {
    if !dot_available() {
        return;
    }
    let mut catalogs: Vec<Catalog> = ["c01-khai-sinh.json", "c03-group.json"]
        .iter()
        .map(|f| conformance(f))
        .collect();
    catalogs.push(load(&examples()));
    let mut checked = 0;
    for catalog in &catalogs {
        // Single procedures, in both directions.
        for p in &catalog.procedures {
            let expected = lanes_expected(&p.procedure);
            for direction in [Direction::TopToBottom, Direction::LeftToRight] {
                let options = Options {
                    lang: Lang::Vi,
                    direction,
                };
                let dot = render_procedure(
                    &p.procedure,
                    overlay_for(&p.procedure.code).as_ref(),
                    &options,
                );
                check_lanes(&p.procedure.code, &dot, "", direction, &expected);
                checked += 1;
            }
        }
        // Groups: the applicant, then one lane per agency, by role, then as first met.
        for g in &catalog.groups {
            let dot = render_group(catalog, g, None, &Options::default());
            check_lanes(
                &g.group.code,
                &dot,
                "",
                Direction::TopToBottom,
                &group_lanes_expected(catalog, g),
            );
            checked += 1;
        }
    }
    // Before/after: both sides in the fixed order.
    for (as_is, to_be) in example_pairs() {
        let (a, b) = (
            load(std::slice::from_ref(&as_is)),
            load(std::slice::from_ref(&to_be)),
        );
        let name = to_be.display().to_string();
        let changed = BTreeMap::new();
        match (a.groups.first(), b.groups.first()) {
            (Some(ga), Some(gb)) => {
                let dot = render_compare(
                    Side::Group(&a, ga, None),
                    Side::Group(&b, gb, None),
                    &changed,
                    &Options::default(),
                );
                let json = layout(&dot);
                for (prefix, catalog, g) in [("l_", &a, ga), ("r_", &b, gb)] {
                    let drawn: Vec<String> = lanes_as_drawn(&json, prefix, Direction::TopToBottom)
                        .iter()
                        .map(|n| normalise(n))
                        .collect();
                    assert_eq!(
                        drawn,
                        group_lanes_expected(catalog, g),
                        "{name}: lanes out of order ({prefix})"
                    );
                }
            }
            _ => {
                let (pa, pb) = (&a.procedures[0].procedure, &b.procedures[0].procedure);
                let dot = render_compare(
                    Side::Procedure(pa, None),
                    Side::Procedure(pb, None),
                    &changed,
                    &Options::default(),
                );
                check_lanes(
                    &name,
                    &dot,
                    "l_",
                    Direction::TopToBottom,
                    &lanes_expected(pa),
                );
                check_lanes(
                    &name,
                    &dot,
                    "r_",
                    Direction::TopToBottom,
                    &lanes_expected(pb),
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} diagrams checked");
}

#[test]
fn lanes_are_columns_of_equal_height() {
    if !dot_available() {
        return;
    }
    let catalog = load(&examples());
    for p in &catalog.procedures {
        let json = layout(&render_procedure(&p.procedure, None, &Options::default()));
        // Every lane title on one row, and every lane reaching the last row.
        let objects = json["objects"].as_array().unwrap();
        let y_of = |prefix: &str| -> Vec<String> {
            let mut ys: Vec<String> = objects
                .iter()
                .filter(|o| o["name"].as_str().unwrap().starts_with(prefix))
                .map(|o| {
                    o["pos"]
                        .as_str()
                        .unwrap()
                        .split(',')
                        .nth(1)
                        .unwrap()
                        .to_owned()
                })
                .collect();
            ys.dedup();
            ys
        };
        assert_eq!(
            y_of("lh").len(),
            1,
            "{}: lane titles not on one row",
            p.procedure.code
        );
    }
}

/// A small procedure with every mark: two lanes, a decision with a refusal, an applicant's
/// choice, a payment, rework, the critical path, blockers plain and required by law, a step
/// kept by choice, and the way the verdict follows.
const SMALL: &str = r#"{"procedure": {
  "code": "T.1", "name": "Thủ tục thử", "time_limit_days": 2,
  "actors": [
    { "id": "cq", "name": "Ủy ban nhân dân xã", "role": "agency" },
    { "id": "dan", "name": "Công dân", "role": "applicant" }
  ],
  "documents": [ { "id": "gt", "name": "Giấy tờ", "form": "paper", "required_by": "Điều 9 Luật A" } ],
  "steps": [
    { "id": "nop", "name": "Nộp hồ sơ", "actor": "dan", "action": "submit", "channel": "online", "documents": ["gt"] },
    { "id": "xet", "name": "Xét hồ sơ", "actor": "cq", "action": "process", "channel": "online", "duration_days": 2, "decision": "Hồ sơ hợp lệ?" },
    { "id": "bs", "name": "Bổ sung", "actor": "dan", "action": "supplement", "channel": "online" },
    { "id": "phi", "name": "Nộp lệ phí", "actor": "dan", "action": "pay", "channel": "online", "duration_days": 0.125 },
    { "id": "tc", "name": "Thông báo từ chối", "actor": "cq", "action": "return_result", "channel": "online" },
    { "id": "nhan_tt", "name": "Nhận tại quầy", "actor": "dan", "action": "return_result", "channel": "in_person" },
    { "id": "nhan_bc", "name": "Nhận qua bưu chính", "actor": "dan", "action": "return_result", "channel": "postal" }
  ],
  "flows": [
    { "from": "nop", "to": "xet" },
    { "from": "xet", "to": "bs", "kind": "rework" },
    { "from": "bs", "to": "xet" },
    { "from": "xet", "to": "phi", "kind": "alternative", "label": "Hợp lệ" },
    { "from": "xet", "to": "tc", "kind": "reject", "label": "Không hợp lệ" },
    { "from": "phi", "to": "nhan_tt", "kind": "alternative", "chosen_by": "applicant", "label": "Tại quầy" },
    { "from": "phi", "to": "nhan_bc", "kind": "alternative", "chosen_by": "applicant", "label": "Bưu chính" }
  ]
}}"#;

fn small() -> (quytrinh_model::Procedure, Overlay) {
    let doc = quytrinh_model::parse_str("small.json", SMALL).unwrap_or_else(|d| panic!("{d:?}"));
    let p = doc.procedure.unwrap();
    let mut o = Overlay {
        level: Some(Level::PartialOnline),
        critical_path: vec!["nop".into(), "xet".into(), "phi".into(), "nhan_tt".into()],
        critical_path_days: Some(2.125),
        trips: Some(1),
        missing_for_full: vec![6],
        strategy_steps: ["nop", "xet", "bs", "phi", "tc", "nhan_bc"]
            .into_iter()
            .map(String::from)
            .collect(),
        ..Overlay::default()
    };
    o.add_blocker(4, Some("nop"), Some("gt"), true);
    o.add_blocker(6, Some("phi"), None, false);
    o.add_optional(8, "nhan_tt", Some("nhan_bc"));
    (p, o)
}

#[test]
fn small_procedure_snapshot() {
    let (p, o) = small();
    insta::assert_snapshot!("small", render_procedure(&p, Some(&o), &Options::default()));
}

#[test]
fn every_mark_is_drawn() {
    let (p, o) = small();
    let raw = render_procedure(&p, Some(&o), &Options::default());
    // Wrapped lines joined, to read the text.
    let dot = raw.replace("<BR/>", " ");
    // Numbers in the order of `steps`, the duration in hours under a day.
    for (i, s) in p.steps.iter().enumerate() {
        assert!(
            dot.contains(&format!("B{}. {}", i + 1, s.name)),
            "B{} {}",
            i + 1,
            s.name
        );
    }
    assert!(dot.contains("1 giờ") && !dot.contains("0,125"));
    // The decision's question and its answers; the applicant's choice.
    assert!(
        dot.contains("Hồ sơ hợp lệ?") && dot.contains("Hợp lệ") && dot.contains("Không hợp lệ")
    );
    assert!(dot.contains("Người nộp chọn"));
    // The refusal drawn to its own end.
    assert!(
        dot.contains(">Từ chối<") || dot.contains("<FONT>Từ chối</FONT>"),
        "{dot}"
    );
    // Time against the limit, with the overrun.
    assert!(dot.contains("2,125 ngày / 2 ngày — vượt 1 giờ"), "{dot}");
    assert!(dot.contains("thiếu TC6 để đạt toàn trình"));
    // Blockers as badges, the law-required one with its footnote.
    assert!(dot.contains("⚠ TC6"));
    assert!(dot.contains("§ TC4 [1]") && dot.contains("[1] Điều 9 Luật A"));
    // The step kept by choice: neutral, with a note naming the other option, never red.
    assert!(dot.contains("Giữ lại theo lựa chọn của người nộp (TC8); có thể chọn B7"));
    let kept = dot.split("s5[").nth(1).unwrap().split(']').next().unwrap();
    assert!(
        kept.contains("dashed") && !kept.contains("#c62828"),
        "{kept}"
    );
    // The way the verdict follows, and the critical path.
    assert!(dot.contains("#e8f5e9"));
    // Three flows, two of them through a decision: five edges.
    assert_eq!(dot.matches("color=\"#1a237e\"").count(), 5, "{dot}");
    // The legend lists what this diagram uses, and only that.
    for used in [
        "Đường găng",
        "Từ chối hồ sơ",
        "Làm lại",
        "Phương án giữ lại",
        "Nộp phí",
    ] {
        assert!(dot.contains(used), "{used}");
    }
    let bare = render_procedure(&p, None, &Options::default());
    for unused in ["Đường găng", "viền đỏ", "Phương án giữ lại", "nền xanh lá"]
    {
        assert!(!bare.contains(unused), "{unused}");
    }
}

#[test]
fn no_text_is_smaller_than_10_points() {
    let mut dots: Vec<String> = every_diagram().into_iter().map(|(_, d, _)| d).collect();
    let (p, o) = small();
    dots.push(render_procedure(&p, Some(&o), &Options::default()));
    for dot in dots {
        for (i, _) in dot.match_indices("POINT-SIZE=\"") {
            let size: f64 = dot[i + 12..].split('"').next().unwrap().parse().unwrap();
            assert!(size >= 10.0, "POINT-SIZE {size}");
        }
        for (i, _) in dot.match_indices("fontsize=") {
            let size: f64 = dot[i + 9..]
                .split(|c: char| !c.is_ascii_digit() && c != '.')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(size >= 10.0, "fontsize {size}");
        }
    }
}

#[test]
fn group_draws_members_links_findings_start_and_end() {
    let catalog = conformance("c03-group.json");
    let g = &catalog.groups[0];
    let mut o = group_overlay(&catalog);
    o.critical_path_days = Some(10.5);
    let first = catalog.members(g).nth(1).unwrap();
    o.repeated.insert(
        first.code.clone(),
        BTreeMap::from([(
            first.steps[0].id.clone(),
            BTreeSet::from([Repeated::Filing]),
        )]),
    );
    let dot = render_group(&catalog, g, Some(&o), &Options::default()).replace("<BR/>", " ");
    for p in catalog.members(g) {
        assert!(dot.contains(&p.code), "{}", p.code);
    }
    assert!(dot.contains("Nộp hồ sơ lần nữa trong nhóm"));
    assert!(dot.contains("Bắt đầu") && dot.contains("Kết thúc"));
    assert!(dot.contains("liên thông"), "links name their channel");
    // The group's time limit is 2 days: 10,5 is over by 8,5.
    assert_eq!(g.group.time_limit_days, Some(2.0));
    assert!(dot.contains("10,5 ngày / 2 ngày — vượt 8,5 ngày"), "{dot}");
}

#[test]
fn before_after_is_one_stacked_image_of_readable_width() {
    if !dot_available() {
        return;
    }
    for (as_is, to_be) in example_pairs() {
        let (a, b) = (load(&[as_is]), load(std::slice::from_ref(&to_be)));
        let (Some(pa), Some(pb)) = (a.procedures.first(), b.procedures.first()) else {
            continue;
        };
        if !a.groups.is_empty() {
            continue;
        }
        let dot = render_compare(
            Side::Procedure(&pa.procedure, None),
            Side::Procedure(&pb.procedure, None),
            &BTreeMap::new(),
            &Options::default(),
        );
        assert_eq!(dot.matches("Chú giải").count(), 1, "one legend");
        let json = layout(&dot);
        let bb: Vec<f64> = json["bb"]
            .as_str()
            .unwrap()
            .split(',')
            .map(|x| x.parse().unwrap())
            .collect();
        // Stacked: the to-be lanes below the as-is lanes.
        let y = |name: &str| -> f64 {
            let o = json["objects"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == name)
                .unwrap();
            o["pos"]
                .as_str()
                .unwrap()
                .split(',')
                .nth(1)
                .unwrap()
                .parse()
                .unwrap()
        };
        assert!(
            y("r_lh0") < y("l_lh0"),
            "{}: to-be not below as-is",
            to_be.display()
        );
        assert!(bb[2] <= 1000.0, "{}: {} pt wide", to_be.display(), bb[2]);
    }
}

/// The widest a group or before/after diagram may be laid out, in points, so that its 10 pt
/// text stays legible on an A4 page.
const A4_WIDTH: f64 = 1000.0;

/// The width of Graphviz's layout (`bb` of `dot -Tjson`), in points.
fn width(json: &serde_json::Value) -> f64 {
    let bb: Vec<f64> = json["bb"]
        .as_str()
        .unwrap()
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();
    bb[2] - bb[0]
}

/// The steps of `after` that differ from the step of the same id in `before` (or are new):
/// what re-engineering changed, as `quytrinh compare` finds it for the drawing.
fn changed_steps(before: &Catalog, after: &Catalog) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &after.procedures {
        let p = &p.procedure;
        let old = before
            .procedures
            .iter()
            .find(|b| b.procedure.code == p.code);
        for s in &p.steps {
            let was = old.and_then(|o| o.procedure.steps.iter().find(|x| x.id == s.id));
            let same = was.is_some_and(|w| {
                w.channel == s.channel && w.signature == s.signature && w.documents == s.documents
            });
            if !same {
                out.entry(p.code.clone()).or_default().insert(s.id.clone());
            }
        }
    }
    out
}

#[test]
fn groups_and_before_after_fit_an_a4_page() {
    if !dot_available() {
        return;
    }
    use quytrinh_render::from_analysis::{group_overlay, overlay};
    let config = quytrinh_analyze::Config::default();
    let mut measured = Vec::new();
    for lang in [Lang::Vi, Lang::En] {
        let options = Options {
            lang,
            ..Options::default()
        };
        // Every group of the examples and of their to-be versions, with its analysis.
        let catalog = load(&examples());
        let report = quytrinh_analyze::analyze_catalog(&catalog, &config);
        for (g, a) in catalog.groups.iter().zip(&report.groups) {
            let o = group_overlay(&catalog, g, a, &report);
            let dot = render_group(&catalog, g, Some(&o), &options);
            measured.push((format!("{} ({lang:?})", g.group.code), width(&layout(&dot))));
        }
        // Every before/after of the examples, with both analyses.
        for (as_is, to_be) in example_pairs() {
            let (a, b) = (
                load(std::slice::from_ref(&as_is)),
                load(std::slice::from_ref(&to_be)),
            );
            let (ra, rb) = (
                quytrinh_analyze::analyze_catalog(&a, &config),
                quytrinh_analyze::analyze_catalog(&b, &config),
            );
            let changed = changed_steps(&a, &b);
            let dot = match (a.groups.first(), b.groups.first()) {
                (Some(ga), Some(gb)) => {
                    let (oa, ob) = (
                        group_overlay(&a, ga, &ra.groups[0], &ra),
                        group_overlay(&b, gb, &rb.groups[0], &rb),
                    );
                    render_compare(
                        Side::Group(&a, ga, Some(&oa)),
                        Side::Group(&b, gb, Some(&ob)),
                        &changed,
                        &options,
                    )
                }
                _ => {
                    let (oa, ob) = (overlay(&ra.procedures[0]), overlay(&rb.procedures[0]));
                    render_compare(
                        Side::Procedure(&a.procedures[0].procedure, Some(&oa)),
                        Side::Procedure(&b.procedures[0].procedure, Some(&ob)),
                        &changed,
                        &options,
                    )
                }
            };
            let name = to_be.file_name().unwrap().to_string_lossy().into_owned();
            measured.push((format!("{name} ({lang:?})"), width(&layout(&dot))));
        }
    }
    assert!(measured.len() >= 2 * 8, "only {} diagrams", measured.len());
    let wide: Vec<_> = measured.iter().filter(|(_, w)| *w > A4_WIDTH).collect();
    assert!(
        wide.is_empty(),
        "wider than {A4_WIDTH} pt: {wide:?} (all: {measured:?})"
    );
}

/// Where Graphviz put each node, by name: (x, y), y growing upwards.
fn positions(json: &serde_json::Value) -> BTreeMap<String, (f64, f64)> {
    json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| {
            let pos: Vec<f64> = o["pos"]
                .as_str()?
                .split(',')
                .map(|x| x.parse().unwrap())
                .collect();
            Some((o["name"].as_str()?.to_owned(), (pos[0], pos[1])))
        })
        .collect()
}

#[test]
fn time_runs_down_the_page() {
    if !dot_available() {
        return;
    }
    let catalog = load(&examples());
    let mut checked = 0;
    for p in &catalog.procedures {
        let p = &p.procedure;
        let at = positions(&layout(&render_procedure(p, None, &Options::default())));
        let place = |id: &str| p.steps.iter().position(|s| s.id == id).unwrap();
        let y = |i: usize| at[&format!("s{i}")].1;
        // The first step right under the start.
        assert!(at["start"].1 > y(0), "{}: B1 above the start", p.code);
        for f in p.flows.iter().flatten() {
            let (from, to) = (place(&f.from), place(&f.to));
            // Rework goes back up; a step entered only by rework hangs below its sender.
            let entered_by_rework_only = to > 0
                && p.flows
                    .iter()
                    .flatten()
                    .filter(|g| g.to == f.to)
                    .all(|g| g.kind == quytrinh_model::FlowKind::Rework);
            let from_rework_only = from > 0
                && p.flows
                    .iter()
                    .flatten()
                    .filter(|g| g.to == f.from)
                    .all(|g| g.kind == quytrinh_model::FlowKind::Rework);
            if f.kind == quytrinh_model::FlowKind::Rework && !entered_by_rework_only
                || from_rework_only
            {
                continue;
            }
            assert!(
                y(to) < y(from),
                "{}: {} ({}) is not drawn below {} ({})",
                p.code,
                f.to,
                quytrinh_model::Lang::Vi.step_number(to),
                f.from,
                quytrinh_model::Lang::Vi.step_number(from)
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} flows checked");
}
