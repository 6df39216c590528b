//! Properties of the whole pipeline on generated models (issue #6): catalogues from the
//! generator with proptest-chosen seeds and sizes, and generated procedures whose channels,
//! forms, signatures and flags proptest mutates.
//!
//! - analysis and rendering are deterministic (the same input twice gives identical JSON and DOT);
//! - every level and legacy level follows its definition in RULES.md from the criteria;
//! - a group's level is at most each member's level; allowing on-site verification never
//!   lowers a level;
//! - every DOT parses back with `graphviz_rust::parse`;
//! - `load(serialize(model)) == model`;
//! - re-engineering (applying the remedies of the unjustified blockers) never lowers the level.
//!
//! `cargo test` runs 64 cases per property; `PROPTEST_CASES=2000 cargo test -p quytrinh-gen
//! --test gen properties` runs more (see fuzz/README.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::select;
use quytrinh_analyze::{Config, FieldVerification, Level, ProcedureAnalysis, Report, Status};
use quytrinh_model::{
    Channel, Document, FileSystem, Form, Lang, Loaded, Loader, Procedure, Signature,
};
use quytrinh_render::Direction;
use quytrinh_render::Options;
use quytrinh_render::from_analysis::{group_overlay, overlay};

/// No file exists: includes resolve by procedure code among the inputs only.
struct NoFiles;

impl FileSystem for NoFiles {
    fn read(&self, _: &Path) -> io::Result<Vec<u8>> {
        Err(io::ErrorKind::NotFound.into())
    }
    fn canonicalize(&self, _: &Path) -> io::Result<PathBuf> {
        Err(io::ErrorKind::NotFound.into())
    }
}

/// Loads `.jsonl` text as the CLI does; the generator promises no diagnostic.
fn load(text: &str) -> Loaded {
    let mut loader = Loader::new(&NoFiles);
    loader.add_bytes("catalogue.jsonl", None, text.as_bytes());
    let loaded = loader.finish();
    let messages: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| d.to_plain_string())
        .collect();
    assert!(messages.is_empty(), "{messages:#?}\n{text}");
    loaded
}

fn generate(procedures: usize, groups: usize, seed: u64) -> String {
    let mut out = Vec::new();
    quytrinh_gen::write_catalog(
        &mut out,
        &quytrinh_gen::Config {
            procedures,
            groups,
            seed,
        },
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn config(field_verification: FieldVerification, lang: Lang) -> Config {
    Config {
        field_verification,
        lang,
    }
}

/// Every diagram of the catalogue, with the analysis overlay, in the given directions.
fn render_all(loaded: &Loaded, report: &Report, directions: &[Direction]) -> Vec<String> {
    let catalog = &loaded.catalog;
    let mut out = Vec::new();
    for &direction in directions {
        let options = Options {
            lang: Lang::Vi,
            direction,
        };
        for (i, lp) in catalog.procedures.iter().enumerate() {
            let o = report.procedures.get(i).map(overlay);
            out.push(quytrinh_render::render_procedure(
                &lp.procedure,
                o.as_ref(),
                &options,
            ));
        }
        for (i, g) in catalog.groups.iter().enumerate() {
            let go = report
                .groups
                .get(i)
                .map(|a| group_overlay(catalog, g, a, report));
            out.push(quytrinh_render::render_group(
                catalog,
                g,
                go.as_ref(),
                &options,
            ));
        }
    }
    out
}

/// Rules version 2, "Levels" and the older four levels, from the criteria and the steps of the
/// best strategy.
fn check_levels(p: &Procedure, a: &ProcedureAnalysis) -> Result<(), TestCaseError> {
    let c = &a.criteria;
    let met = |n: &[u8]| n.iter().all(|&i| c.get(i) == Status::Met);
    let all_ok = c.all_ok(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let partial = met(&[1, 2, 3, 4, 7]);
    let info = met(&[1, 2]);
    let in_strategy = |s: &&quytrinh_model::Step| a.strategy_steps.contains(&s.id);
    let online_submit = p
        .steps
        .iter()
        .filter(in_strategy)
        .any(|s| s.action == quytrinh_model::Action::Submit && s.channel == Channel::Online);
    let below = info && online_submit && (met(&[3]) || met(&[4]));
    let why = format!("{}: {:?} with {:?}", a.code, a.level, c);
    // The level is the highest whose definition holds.
    let expected = if all_ok {
        Level::FullOnline
    } else if partial {
        Level::PartialOnline
    } else if below {
        Level::PartialBelowCriteria
    } else if info {
        Level::InformationOnly
    } else {
        Level::Offline
    };
    prop_assert_eq!(a.level, expected, "{}", why);
    let unmet: Vec<u8> = (1..=8).filter(|&n| !c.get(n).is_ok()).collect();
    prop_assert_eq!(&a.missing_for_full, &unmet, "{}", why);
    let for_partial: Vec<u8> = unmet
        .iter()
        .copied()
        .filter(|n| [1, 2, 3, 4, 7].contains(n))
        .collect();
    prop_assert_eq!(&a.missing_for_partial, &for_partial, "{}", why);

    let ok = |n: u8| c.get(n).is_ok();
    let electronic = p.steps.iter().filter(in_strategy).all(|s| {
        s.channel != Channel::Paper
            && !(s.action == quytrinh_model::Action::Appear && s.channel == Channel::InPerson)
    });
    let legacy = if !ok(1) {
        0
    } else if !ok(2) {
        1
    } else if !(ok(3) && ok(4) && electronic) {
        2
    } else if !(ok(5) && ok(8)) {
        3
    } else {
        4
    };
    prop_assert_eq!(a.legacy_level, legacy, "{} legacy", why);
    Ok(())
}

/// Every property on one catalogue text.
fn check_catalogue(text: &str) -> Result<(), TestCaseError> {
    let loaded = load(text);
    let catalog = &loaded.catalog;
    let blocks = config(FieldVerification::Blocks, Lang::Vi);
    let allowed = config(FieldVerification::Allowed, Lang::En);

    // Deterministic: the same input twice, identical JSON and DOT (from a fresh load too).
    let report = quytrinh_analyze::analyze_catalog(catalog, &blocks);
    let json = report.to_json();
    let again = load(text);
    let report2 = quytrinh_analyze::analyze_catalog(&again.catalog, &blocks);
    prop_assert_eq!(&json, &report2.to_json());
    let dots = render_all(&loaded, &report, &[Direction::TopToBottom]);
    prop_assert_eq!(
        &dots,
        &render_all(&again, &report2, &[Direction::TopToBottom])
    );
    // Left to right is drawn too (and parsed below), but only checked for determinism once.
    let lr = render_all(&loaded, &report, &[Direction::LeftToRight]);
    let report_allowed = quytrinh_analyze::analyze_catalog(catalog, &allowed);
    prop_assert_eq!(
        report_allowed.to_json(),
        quytrinh_analyze::analyze_catalog(catalog, &allowed).to_json()
    );

    // Levels follow their definitions, under both policies.
    for r in [&report, &report_allowed] {
        prop_assert_eq!(r.procedures.len(), catalog.procedures.len());
        for (lp, a) in catalog.procedures.iter().zip(&r.procedures) {
            prop_assert_eq!(&lp.procedure.code, &a.code);
            check_levels(&lp.procedure, a)?;
        }
        // A group is no higher than any of its members.
        prop_assert_eq!(r.groups.len(), catalog.groups.len());
        for (g, ga) in catalog.groups.iter().zip(&r.groups) {
            for id in &g.members {
                let member = &r.procedures[id.0];
                prop_assert!(
                    ga.level <= member.level,
                    "group {} is {:?} above member {} at {:?}",
                    ga.code,
                    ga.level,
                    member.code,
                    member.level
                );
            }
        }
    }
    // Allowing on-site verification never lowers a level.
    for (b, a) in report.procedures.iter().zip(&report_allowed.procedures) {
        prop_assert!(
            a.level >= b.level,
            "{}: {:?} < {:?}",
            a.code,
            a.level,
            b.level
        );
    }

    // Every DOT parses back (graphviz_rust's parser is the slow part of a case: left to right
    // only for the first diagram).
    for dot in dots.iter().chain(lr.first()) {
        if let Err(e) = graphviz_rust::parse(dot) {
            return Err(TestCaseError::fail(format!(
                "the DOT does not parse: {e}\n{dot}"
            )));
        }
    }

    // load(serialize(model)) == model, line by line.
    let originals: Vec<Document> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reserialised: String = originals
        .iter()
        .map(|d| serde_json::to_string(d).unwrap() + "\n")
        .collect();
    let reloaded = load(&reserialised);
    let standalone: Vec<&Procedure> = originals
        .iter()
        .filter_map(|d| d.procedure.as_ref())
        .collect();
    let loaded_standalone: Vec<&Procedure> = reloaded
        .catalog
        .procedures
        .iter()
        .filter(|p| p.standalone)
        .map(|p| &p.procedure)
        .collect();
    prop_assert_eq!(&standalone, &loaded_standalone);
    let groups: Vec<_> = originals.iter().filter_map(|d| d.group.as_ref()).collect();
    prop_assert_eq!(groups.len(), reloaded.catalog.groups.len());
    for (g, lg) in groups.iter().zip(&reloaded.catalog.groups) {
        prop_assert_eq!(&g.code, &lg.group.code);
        prop_assert_eq!(&g.name, &lg.group.name);
        prop_assert_eq!(g.time_limit_days, lg.group.time_limit_days);
        prop_assert_eq!(&g.links, &lg.links);
        prop_assert_eq!(g.procedures.len(), lg.members.len());
    }
    // And the serialised form of the reloaded procedures is the same text.
    for (p, lp) in standalone
        .iter()
        .zip(reloaded.catalog.procedures.iter().filter(|p| p.standalone))
    {
        prop_assert_eq!(
            serde_json::to_string(p).unwrap(),
            serde_json::to_string(&lp.procedure).unwrap()
        );
    }

    // Re-engineering never lowers the level, and its to-be model is valid.
    for (lp, a) in catalog.procedures.iter().zip(&report.procedures) {
        let to_be = quytrinh_reengineer::reengineer_procedure(&lp.procedure, a);
        let doc = Document {
            procedure: Some(to_be.model.clone()),
            group: None,
        };
        let to_be_loaded = load(&(serde_json::to_string(&doc).unwrap() + "\n"));
        let b = quytrinh_analyze::analyze_catalog(&to_be_loaded.catalog, &blocks);
        let after = &b.procedures[0];
        prop_assert!(
            after.level >= a.level,
            "{}: re-engineering lowered {:?} to {:?}",
            a.code,
            a.level,
            after.level
        );
    }
    Ok(())
}

/// A change to one generated procedure that keeps it valid (the step graph is untouched).
#[derive(Debug, Clone)]
enum Mutation {
    Channel(usize, Channel),
    Form(usize, Form),
    Signature(usize, Signature),
    StepRequiredBy(usize, bool),
    DocumentRequiredBy(usize, bool),
    AvailableFrom(usize, bool),
    Published(bool),
    FormsDownloadable(bool),
    ElectronicResult(Option<bool>),
    Fee(Option<u64>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let channel = select(vec![
        Channel::Online,
        Channel::InPerson,
        Channel::Postal,
        Channel::Paper,
        Channel::Field,
    ]);
    let form = select(vec![Form::Electronic, Form::Paper]);
    let signature = select(vec![Signature::None, Signature::Wet, Signature::Digital]);
    prop_oneof![
        4 => (any::<usize>(), channel).prop_map(|(i, c)| Mutation::Channel(i, c)),
        2 => (any::<usize>(), form).prop_map(|(i, f)| Mutation::Form(i, f)),
        1 => (any::<usize>(), signature).prop_map(|(i, s)| Mutation::Signature(i, s)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Mutation::StepRequiredBy(i, b)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Mutation::DocumentRequiredBy(i, b)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Mutation::AvailableFrom(i, b)),
        1 => any::<bool>().prop_map(Mutation::Published),
        1 => any::<bool>().prop_map(Mutation::FormsDownloadable),
        1 => proptest::option::of(any::<bool>()).prop_map(Mutation::ElectronicResult),
        1 => proptest::option::of(prop_oneof![Just(0u64), 1u64..2_000_000]).prop_map(Mutation::Fee),
    ]
}

fn apply(p: &mut Procedure, m: &Mutation) {
    let steps = p.steps.len().max(1);
    let docs = p.documents.len().max(1);
    let provision = |on: bool| on.then(|| "Điều 5 Nghị định 123/2015/NĐ-CP".to_owned());
    match *m {
        Mutation::Channel(i, c) => {
            if let Some(s) = p.steps.get_mut(i % steps) {
                s.channel = c;
            }
        }
        Mutation::Form(i, f) => {
            if let Some(d) = p.documents.get_mut(i % docs) {
                d.form = f;
            }
        }
        Mutation::Signature(i, s) => {
            if let Some(st) = p.steps.get_mut(i % steps) {
                st.signature = s;
            }
        }
        Mutation::StepRequiredBy(i, on) => {
            if let Some(s) = p.steps.get_mut(i % steps) {
                s.required_by = provision(on);
            }
        }
        Mutation::DocumentRequiredBy(i, on) => {
            if let Some(d) = p.documents.get_mut(i % docs) {
                d.required_by = provision(on);
            }
        }
        Mutation::AvailableFrom(i, on) => {
            if let Some(d) = p.documents.get_mut(i % docs) {
                d.available_from = on.then(|| "CSDL quốc gia về dân cư".to_owned());
            }
        }
        Mutation::Published(b) => p.published = b,
        Mutation::FormsDownloadable(b) => p.forms_downloadable = b,
        Mutation::ElectronicResult(r) => {
            p.result = r.map(|electronic| quytrinh_model::ProcedureResult {
                name: Some("Kết quả".to_owned()),
                electronic,
            });
        }
        Mutation::Fee(f) => p.fee_vnd = f,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 64 by default; PROPTEST_CASES overrides it.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Whole generated catalogues, with groups.
    #[test]
    fn generated_catalogues(seed in any::<u64>(), procedures in 1usize..=6, groups in 0usize..=2) {
        check_catalogue(&generate(procedures, groups, seed))?;
    }

    /// One generated procedure, mutated.
    #[test]
    fn mutated_procedures(seed in any::<u64>(), mutations in proptest::collection::vec(mutation(), 0..12)) {
        let text = generate(1, 0, seed);
        let mut doc: Document = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        let p = doc.procedure.as_mut().unwrap();
        for m in &mutations {
            apply(p, m);
        }
        check_catalogue(&(serde_json::to_string(&doc).unwrap() + "\n"))?;
    }
}
