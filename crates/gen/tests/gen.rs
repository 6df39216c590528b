//! The generator's contract: its catalogues load without a diagnostic, hold what a realistic
//! catalogue holds, and are the same bytes for the same seed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashSet;
use std::sync::Arc;

use quytrinh_gen::{Config, catalog, write_catalog};
use quytrinh_model::{Action, Channel, FlowKind, Form, Loaded, Loader, RealFs, Signature};

#[cfg(feature = "render")]
mod properties;

/// Loads a generated catalogue the way the CLI streams a `.jsonl` file.
fn load(text: &str) -> Loaded {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    let file: Arc<str> = Arc::from("gen.jsonl");
    loader.start_file(&file);
    for (i, line) in text.lines().enumerate() {
        loader.add_record(&file, None, i + 1, line);
    }
    loader.finish()
}

#[test]
fn a_generated_catalogue_loads_without_a_diagnostic() {
    let config = Config {
        procedures: 300,
        groups: 30,
        seed: 7,
    };
    let mut bytes = Vec::new();
    write_catalog(&mut bytes, &config).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 330);
    let loaded = load(&text);
    let messages: Vec<String> = loaded
        .diagnostics
        .iter()
        .take(5)
        .map(|d| format!("{} {:?}: {}", d.code, d.position, d.message))
        .collect();
    assert!(loaded.diagnostics.is_empty(), "{messages:#?}");
    let catalog = &loaded.catalog;
    assert_eq!(catalog.groups.len(), 30);
    assert_eq!(
        catalog.procedures.iter().filter(|p| p.standalone).count(),
        300
    );

    let codes: HashSet<&str> = catalog
        .procedures
        .iter()
        .map(|p| p.procedure.code.as_str())
        .collect();
    assert_eq!(codes.len(), catalog.procedures.len(), "codes are unique");
    let group_codes: HashSet<&str> = catalog
        .groups
        .iter()
        .map(|g| g.group.code.as_str())
        .collect();
    assert_eq!(group_codes.len(), 30);

    let procs: Vec<_> = catalog.procedures.iter().map(|p| &p.procedure).collect();
    assert!(procs.iter().all(|p| (5..=40).contains(&p.steps.len())));
    assert!(procs.iter().all(|p| (2..=6).contains(&p.actors.len())));
    assert!(
        procs
            .iter()
            .all(|p| p.actors[0].role == quytrinh_model::Role::Applicant)
    );
    let flows = || procs.iter().filter_map(|p| p.flows.as_ref()).flatten();
    assert!(flows().any(|f| f.kind == FlowKind::Rework && f.to == "bo_sung"));
    assert!(flows().any(|f| f.kind == FlowKind::Rework && f.to != "bo_sung"));
    assert!(flows().any(|f| f.kind == FlowKind::Alternative));
    assert!(procs.iter().any(|p| p.flows.is_none()));
    let steps = || procs.iter().flat_map(|p| &p.steps);
    for action in [
        Action::Supplement,
        Action::Appear,
        Action::Pay,
        Action::Verify,
        Action::Consult,
    ] {
        assert!(steps().any(|s| s.action == action), "{action:?}");
    }
    for channel in [
        Channel::Online,
        Channel::InPerson,
        Channel::Postal,
        Channel::Paper,
        Channel::Field,
    ] {
        assert!(steps().any(|s| s.channel == channel), "{channel:?}");
    }
    assert!(steps().any(|s| s.signature == Signature::Digital));
    assert!(steps().any(|s| s.signature == Signature::Wet));
    assert!(steps().any(|s| s.required_by.is_some()));
    let docs = || procs.iter().flat_map(|p| &p.documents);
    assert!(docs().any(|d| d.form == Form::Paper && d.required_by.is_some()));
    assert!(docs().any(|d| d.form == Form::Electronic));
    assert!(docs().any(|d| {
        d.available_from
            .as_deref()
            .is_some_and(|a| a.starts_with("1."))
    }));
    assert!(docs().any(|d| {
        d.available_from
            .as_deref()
            .is_some_and(|a| a.starts_with("CSDL"))
    }));
    assert!(procs.iter().any(|p| p.fee_vnd.unwrap_or(0) > 0));
    assert!(procs.iter().any(|p| p.annual_volume.is_some()));
    assert!(procs.iter().any(|p| p.time_limit_days.is_some()));
    assert!(
        text.contains("Thẩm định"),
        "Vietnamese names with diacritics"
    );

    // Groups: members included by code and inline, linked.
    assert!(catalog.groups.iter().all(|g| !g.members.is_empty()));
    assert!(catalog.groups.iter().any(|g| g.links.len() >= 2));
    let members = || catalog.groups.iter().flat_map(|g| catalog.members(g));
    assert!(
        members().any(|p| p.code.starts_with("1.")),
        "included by code"
    );
    assert!(members().any(|p| p.code.starts_with("2.")), "inline");
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    assert_eq!(catalog(200, 42), catalog(200, 42));
    assert_ne!(catalog(200, 42), catalog(200, 43));
}

#[test]
fn small_and_empty_catalogues_are_valid() {
    assert_eq!(catalog(0, 1), "");
    for n in [1, 2, 3, 26, 60] {
        let loaded = load(&catalog(n, n as u64));
        assert!(
            loaded.diagnostics.is_empty(),
            "n = {n}: {:?}",
            loaded.diagnostics.first().map(|d| &d.message)
        );
    }
}

/// The report's hand-written JSON (procedures with their blockers, and the targets) has the
/// bytes serde_json's pretty printer gives for the same report, on a generated catalogue with
/// groups (every channel, cause and optional field the generator makes), in both languages.
#[cfg(feature = "analyze")]
#[test]
fn the_report_json_is_serde_json_pretty() {
    use quytrinh_analyze::{Config, analyze_catalog};
    let loaded = load(&catalog(300, 7));
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    assert!(!loaded.catalog.groups.is_empty());
    for lang in [quytrinh_model::Lang::Vi, quytrinh_model::Lang::En] {
        let config = Config {
            lang,
            ..Config::default()
        };
        let report = analyze_catalog(&loaded.catalog, &config);
        assert!(report.targets.len() > 1000, "{}", report.targets.len());
        let serde = serde_json::to_string_pretty(&report).unwrap() + "\n";
        let ours = report.to_json();
        if ours != serde {
            let at = ours
                .bytes()
                .zip(serde.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(ours.len().min(serde.len()));
            let from = at.saturating_sub(300);
            panic!(
                "differs at byte {at}:\nours:  {}\nserde: {}",
                String::from_utf8_lossy(&ours.as_bytes()[from..(at + 200).min(ours.len())]),
                String::from_utf8_lossy(&serde.as_bytes()[from..(at + 200).min(serde.len())])
            );
        }
    }
}

/// One pipeline whatever the size: a generated catalogue with groups (members included by
/// code and inline) streamed through [`quytrinh_analyze::StreamingAnalysis`] as the CLI streams
/// a `.jsonl` file (each procedure analysed and let go as it is read, the members a group needs
/// read again at the end, inline members analysed last) gives the bytes of the whole catalogue
/// loaded at once, analysed and written by `Report::to_json`, with and without `--top`.
#[cfg(feature = "analyze")]
#[test]
fn a_streamed_catalogue_with_groups_reports_as_the_whole_one() {
    use quytrinh_analyze::{Config, StreamingAnalysis, analyze_catalog, memberships};
    use quytrinh_model::{ParsedRecord, ProcId};

    let text = catalog(120, 11);
    let whole = load(&text);
    assert!(!whole.has_errors(), "{:#?}", whole.diagnostics);
    assert!(whole.catalog.groups.len() >= 4);
    let config = Config::default();
    let known = memberships(&whole.catalog);
    assert!(known.iter().flatten().count() >= 8, "too few members");
    let lines: Vec<&str> = text.lines().collect();
    for top in [None, Some(5)] {
        let fs = RealFs;
        let mut loader = Loader::new(&fs);
        let file: Arc<str> = Arc::from("gen.jsonl");
        loader.start_file(&file);
        let mut analysis = StreamingAnalysis::start(Vec::new(), config).unwrap();
        let analyser = analysis.analyser();
        for (i, line) in lines.iter().enumerate() {
            let mut record = ParsedRecord::parse(&file, i + 1, line);
            let origin = record.procedure().map(|(_, o)| o.clone());
            let body = record.take_procedure();
            let Some(id) = loader.add_parsed(record, None) else {
                continue;
            };
            let (body, origin) = (body.unwrap(), origin.unwrap());
            // How the CLI knows a member before its group is read: a scan of the groups.
            let membership = known[id.0].clone().unwrap_or_default();
            let entry = analyser.analyse(&body, &origin, &membership).unwrap();
            analysis.write(id, &body.code, entry).unwrap();
        }
        let taken = loader.procedure_count();
        let loaded = loader.finish_with(&mut |_id: ProcId, origin| {
            let mut record = ParsedRecord::parse(&file, origin.line, lines[origin.line - 1]);
            Ok(record.take_procedure().unwrap())
        });
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        assert!(loaded.catalog.procedures.len() > taken, "no inline member");
        let streamed = analysis.finish(&loaded.catalog, top).unwrap().out;
        let mut want = analyze_catalog(&whole.catalog, &config);
        if let Some(n) = top {
            want.targets.truncate(n);
        }
        assert!(
            String::from_utf8(streamed).unwrap() == want.to_json(),
            "{top:?}: the streamed report differs"
        );
    }
}
