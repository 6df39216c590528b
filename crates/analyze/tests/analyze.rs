//! Integration tests of the analyzer: the public conformance cases, the generated rule table,
//! and snapshots of the reports.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::PathBuf;

use quytrinh_analyze::{Config, Report, analyze_catalog, format, rules};
use quytrinh_model::{Lang, Loaded, Loader, RealFs};
use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads files as the CLI does (groups' includes resolved against the real file system).
fn load(paths: &[PathBuf]) -> Loaded {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    for p in paths {
        let bytes = std::fs::read(p).unwrap();
        // Name files relative to the repository, so snapshots do not depend on where it lives.
        let root = manifest().join("../..");
        let name = p.strip_prefix(&root).unwrap_or(p).display().to_string();
        loader.add_bytes(&name, Some(p), &bytes);
    }
    loader.finish()
}

/// The `.json` files of these folders of `examples/`, sorted.
fn example_files(folders: &[&str]) -> Vec<PathBuf> {
    let dir = manifest().join("../../examples");
    let mut paths: Vec<PathBuf> = folders
        .iter()
        .flat_map(|sub| std::fs::read_dir(dir.join(sub)).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

fn analyze(paths: &[PathBuf], config: &Config) -> Report {
    let loaded = load(paths);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    analyze_catalog(&loaded.catalog, config)
}

/// The contract fields of one procedure, compared as the conformance `check` script does.
#[track_caller]
fn check_procedure(tag: &str, got: &Value, want: &Value, wrong: &mut Vec<String>) {
    let mut cmp = |what: &str, g: &Value, w: &Value| {
        let same = match (g.as_f64(), w.as_f64()) {
            (Some(a), Some(b)) if w.is_f64() || g.is_f64() => (a - b).abs() < 1e-6,
            _ => g == w,
        };
        if !same {
            wrong.push(format!("{tag} {what}: got {g}, want {w}"));
        }
    };
    cmp("level", &got["level"], &want["level"]);
    cmp("legacy_level", &got["legacy_level"], &want["legacy_level"]);
    for i in 1..=8 {
        let k = i.to_string();
        cmp(
            &format!("criterion {i}"),
            &got["criteria"][&k],
            &want["criteria"][&k],
        );
    }
    cmp(
        "applicant_visits",
        &got["applicant_visits"],
        &want["applicant_visits"],
    );
    let want_days = want["critical_path_days"].as_f64().unwrap();
    cmp(
        "critical_path_days",
        &got["critical_path_days"],
        &Value::from(want_days),
    );
    assert!(
        got["critical_path_days"].is_f64(),
        "critical_path_days is a float"
    );
    for (c, steps) in want["blocker_steps"].as_object().unwrap() {
        let criterion: u64 = c.parse().unwrap();
        let mut have: Vec<&str> = got["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["criterion"].as_u64() == Some(criterion))
            .filter_map(|b| b["step"].as_str())
            .collect();
        have.sort_unstable();
        have.dedup();
        let have = Value::from(have);
        cmp(&format!("blocker steps of criterion {c}"), &have, steps);
    }
    let timing = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["kind"] == "timing");
    cmp("timing", &Value::from(timing), &want["timing"]);
}

#[test]
fn conformance_cases_agree_with_expected_json() {
    let dir = manifest().join("../../tests/conformance");
    assert!(
        dir.join("expected.json").exists(),
        "{} is missing: the conformance cases are part of the repository",
        dir.display()
    );
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut wrong = Vec::new();
    for (name, want) in expected.as_object().unwrap() {
        let report = analyze(&[dir.join(name)], &Config::default());
        let out: Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(out["schema_version"], 2);
        let find = |code: &str| {
            out["procedures"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["code"] == code)
                .cloned()
                .unwrap_or(Value::Null)
        };
        if let Some(members) = want.get("members") {
            let g = &out["groups"][0];
            if g["level"] != want["level"] {
                wrong.push(format!(
                    "{name} group level: got {}, want {}",
                    g["level"], want["level"]
                ));
            }
            let mut kinds: Vec<&str> = g["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["kind"].as_str())
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            if Value::from(kinds.clone()) != want["finding_kinds"] {
                wrong.push(format!(
                    "{name} group finding kinds: got {kinds:?}, want {}",
                    want["finding_kinds"]
                ));
            }
            if g["applicant_visits"] != want["applicant_visits"] {
                wrong.push(format!(
                    "{name} group visits: got {}",
                    g["applicant_visits"]
                ));
            }
            if (g["critical_path_days"].as_f64().unwrap()
                - want["critical_path_days"].as_f64().unwrap())
            .abs()
                > 1e-6
            {
                wrong.push(format!(
                    "{name} group critical path: got {}",
                    g["critical_path_days"]
                ));
            }
            for (code, m) in members.as_object().unwrap() {
                check_procedure(&format!("{name}/{code}"), &find(code), m, &mut wrong);
            }
        } else {
            check_procedure(
                name,
                &find(want["code"].as_str().unwrap()),
                want,
                &mut wrong,
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "conformance disagreements:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn rules_table_doc_is_generated_from_the_rule_table() {
    let path = manifest().join("../../docs/RULES-TABLE.md");
    let generated = rules::rules_table_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/RULES-TABLE.md differs from the rule table in crates/analyze/src/rules.rs; regenerate it with\n  \
         UPDATE_DOCS=1 cargo test -p quytrinh-analyze --test analyze rules_table"
    );
}

#[test]
fn reports_are_deterministic_and_name_their_clauses() {
    let dir = manifest().join("../../tests/conformance");
    let paths = [
        dir.join("c01-khai-sinh.json"),
        dir.join("c02-ly-lich-tu-phap.json"),
        dir.join("c03-group.json"),
    ];
    let a = analyze(&paths, &Config::default());
    let b = analyze(&paths, &Config::default());
    for lang in [Lang::Vi, Lang::En] {
        assert_eq!(format::text(&a, lang, None), format::text(&b, lang, None));
        assert_eq!(
            format::markdown(&a, lang, Some(3)),
            format::markdown(&b, lang, Some(3))
        );
    }
    assert_eq!(a.to_json(), b.to_json());
    assert!(a.to_json().ends_with("}\n"));
    let mut written = Vec::new();
    a.write_json(&mut written).unwrap();
    assert_eq!(written, a.to_json().into_bytes());
    // Every blocker and finding names its clause.
    for p in &a.procedures {
        assert!(
            p.blockers
                .iter()
                .all(|b| b.clause.contains("Thông tư 01/2023/TT-VPCP"))
        );
        assert!(p.findings.iter().all(|f| !f.clause.is_empty()));
    }
    for g in &a.groups {
        assert!(
            g.findings
                .iter()
                .all(|f| !f.clause.is_empty() && f.code.starts_with("F-"))
        );
    }
    // Members of a group are listed once under procedures.
    let codes: Vec<&str> = a.procedures.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        ["1.001193", "2.001417", "1.011416"],
        "c01 is named and included: listed once"
    );
}

/// Snapshots of the three formats on a few of the project's examples (a justified partial
/// service, on-site verification, a group), when they exist and load.
#[test]
fn example_reports() {
    let dir = manifest().join("../../examples");
    let files = [
        "chung-thuc-ban-sao.json",
        "giay-phep-xay-dung.json",
        "groups/lien-thong-khai-tu.json",
    ];
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        panic!(
            "{} is missing: the examples are part of the repository",
            missing.display()
        );
    }
    let loaded = load(&paths);
    assert!(
        !loaded.has_errors(),
        "the examples must load: {:#?}",
        loaded.diagnostics
    );
    let report = analyze_catalog(&loaded.catalog, &Config::default());
    let en = analyze_catalog(
        &loaded.catalog,
        &Config {
            lang: Lang::En,
            ..Config::default()
        },
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            "examples_text_vi",
            format::text(&report, Lang::Vi, Some(10))
        );
        insta::assert_snapshot!("examples_text_en", format::text(&en, Lang::En, Some(10)));
        insta::assert_snapshot!(
            "examples_markdown_vi",
            format::markdown(&report, Lang::Vi, Some(10))
        );
        insta::assert_snapshot!("examples_json", report.to_json());
    });
}

/// Every example: the report written procedure by procedure ([`JsonReport`], what
/// `analyze --format json` does) has the bytes of the whole report's `to_json`, in both
/// languages and with `--top`; and its targets are in the documented order.
#[test]
fn streamed_report_is_the_whole_report() {
    use quytrinh_analyze::{JsonReport, ProcedureAnalysis, ProcedureEntry, SourceRef, Target};

    let paths = example_files(&["", "groups", "to-be"]);
    assert!(paths.len() >= 10, "the examples are missing");
    let loaded = load(&paths);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let catalog = &loaded.catalog;
    for lang in [Lang::Vi, Lang::En] {
        let config = Config {
            lang,
            ..Config::default()
        };
        let whole = analyze_catalog(catalog, &config);
        assert!(whole.targets.len() > 50, "{}", whole.targets.len());
        let key = |t: &Target| {
            (
                t.justified,
                std::cmp::Reverse(t.yearly_visits_saved),
                std::cmp::Reverse(t.criteria_broken),
                t.code.clone(),
                t.step.clone(),
                t.criterion,
                t.document.clone(),
            )
        };
        for pair in whole.targets.windows(2) {
            assert!(key(&pair[0]) <= key(&pair[1]), "{pair:#?}");
        }
        for top in [None, Some(0), Some(7)] {
            let mut report = JsonReport::start(Vec::new(), &config).unwrap();
            let memberships = quytrinh_analyze::memberships(catalog);
            for (i, l) in catalog.procedures.iter().enumerate() {
                let membership = memberships[i].clone().unwrap_or_default();
                let analysis = ProcedureAnalysis {
                    source: Some(SourceRef::of(&l.origin)),
                    ..quytrinh_analyze::analyze_member(&l.procedure, &config, &membership)
                };
                report
                    .procedure(ProcedureEntry::new(&analysis).unwrap())
                    .unwrap();
            }
            let groups: Vec<_> = catalog
                .groups
                .iter()
                .map(|g| quytrinh_analyze::analyze_group(catalog, g, &config))
                .collect();
            let streamed = String::from_utf8(report.finish(&groups, top).unwrap()).unwrap();
            let mut want = whole.clone();
            if let Some(n) = top {
                want.targets.truncate(n);
            }
            // (Not assert_eq!: the texts are long.)
            assert!(streamed == want.to_json(), "{lang:?} {top:?} differ");
        }
        // The report's own writer (hand-written for procedures and targets) gives serde_json's
        // pretty printer's bytes.
        let serde = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert!(
            whole.to_json() == serde,
            "{lang:?}: to_json is not serde_json's"
        );
    }
}

/// Rules v2: the Vietnamese reports speak Vietnamese — no raw enum value of the model or the
/// analysis (a level, a channel, an action, a status, a reason category, a finding kind)
/// reaches them; step and document ids of the models are printed only in brackets or code
/// spans, and none of the examples uses such a word as an id.
#[test]
fn no_raw_enum_value_reaches_the_vietnamese_reports() {
    let mut paths = example_files(&["", "groups"]);
    paths.push(manifest().join("../../tests/conformance/c04-lua-chon-nhan-ket-qua.json"));
    paths.sort();
    let report = analyze(&paths, &Config::default());
    let raw = [
        "full_online",
        "partial_online",
        "partial_below_criteria",
        "information_only",
        "offline",
        "in_person",
        "online",
        "postal",
        "not_applicable",
        "unmet",
        "return_result",
        "issue_result",
        "submit",
        "presence_required",
        "field_verification",
        "paper_dossier",
        "result_delivery",
        "optional_channel",
        "single_window",
        "once_only",
        "other_agency",
        "service_provider",
    ];
    for text in [
        format::text(&report, Lang::Vi, None),
        format::markdown(&report, Lang::Vi, None),
    ] {
        for word in raw {
            // As a whole word: `online` inside `trực tuyến` cannot occur, but inside an ASCII
            // id it could; ids are never one of these words in the examples.
            let found = text.match_indices(word).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + word.len()..].chars().next();
                let part = |c: Option<char>| {
                    c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
                };
                !part(before) && !part(after)
            });
            assert!(
                !found,
                "the Vietnamese report prints the raw value `{word}`"
            );
        }
    }
}

/// The graph validation builds, handed to the analysis (what `analyze --format json` does
/// with each `.jsonl` record), gives the analysis that builds its own: every example, as a
/// record of one line.
#[test]
fn the_validated_graph_gives_the_same_analysis() {
    use quytrinh_model::ParsedRecord;

    let paths = example_files(&["", "groups", "to-be"]);
    let config = Config::default();
    let membership = quytrinh_analyze::Membership::default();
    let mut compared = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let line = serde_json::to_string(&value).unwrap();
        let mut record = ParsedRecord::parse(&std::sync::Arc::from("x.jsonl"), 1, &line);
        let graph = record.take_graph();
        assert!(record.take_graph().is_none(), "taken twice: {path:?}");
        let Some(p) = record.take_procedure() else {
            continue;
        };
        let graph = graph.unwrap_or_else(|| panic!("no graph kept for {path:?}"));
        assert_eq!(
            quytrinh_analyze::analyze_member_in(&p, &graph, &config, &membership),
            quytrinh_analyze::analyze_member(&p, &config, &membership),
            "{path:?}"
        );
        compared += 1;
    }
    assert!(compared >= 10, "{compared} procedures compared");
}
