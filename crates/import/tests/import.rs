//! The import crate's integration tests: real published tables (transcribed as CSV and rebuilt
//! as their Word appendix), tables built in their style as CSV, Excel and Word files by
//! `scripts/ci/import_fixtures.py`, and files in the old TCVN3 and VNI encodings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use quytrinh_import::legacy::Encoding;
use quytrinh_import::read::{self, ReadError};
use quytrinh_import::table::{self, Imported};
use quytrinh_import::{guess, report};
use quytrinh_model::{Action, Channel, Document, Loader, RealFs, Role, Signature};

fn fixture(path: &str) -> (String, Vec<u8>) {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/import")
        .join(path);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let name = p.file_name().unwrap().to_string_lossy().into_owned();
    (name, bytes)
}

fn import(path: &str) -> Vec<Imported> {
    let (name, bytes) = fixture(path);
    let grids = read::grids(&name, &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    table::import_all(&grids, None).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every procedure loads without an error, as `quytrinh check` would load it.
fn passes_check(path: &str, imported: &[Imported]) {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    let mut text = String::new();
    for i in imported {
        let doc = Document {
            procedure: Some(i.procedure.clone()),
            group: None,
        };
        text.push_str(&serde_json::to_string(&doc).unwrap());
        text.push('\n');
    }
    loader.add_bytes(&format!("{path}.jsonl"), None, text.as_bytes());
    let loaded = loader.finish();
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| d.to_plain_string())
        .collect();
    assert!(!loaded.has_errors(), "{path}: {errors:#?}");
}

/// The report names every guess: each actor's role, each step's action and channel, each
/// step without a counted time, and the fields the table cannot tell; each with a cell.
fn every_guess_is_named(path: &str, i: &Imported) {
    let p = &i.procedure;
    let has = |what: &str| i.guesses.iter().any(|n| n.what == what);
    for (k, _) in p.actors.iter().enumerate() {
        assert!(
            has(&format!("actor a{} role", k + 1)),
            "{path} {}: actor a{}",
            p.code,
            k + 1
        );
    }
    for (k, s) in p.steps.iter().enumerate() {
        let n = k + 1;
        assert!(
            has(&format!("step {n} action")),
            "{path} {}: step {n} action",
            p.code
        );
        assert!(
            has(&format!("step {n} channel")),
            "{path} {}: step {n} channel",
            p.code
        );
        let not_counted = s
            .note
            .as_deref()
            .is_some_and(|t| t.contains("không tính vào thời hạn"));
        if s.duration_days.is_none() && !not_counted {
            assert!(
                has(&format!("step {n} time")),
                "{path} {}: step {n} time",
                p.code
            );
        }
    }
    for field in ["published", "forms_downloadable", "result.electronic"] {
        assert!(has(field), "{path} {}: {field}", p.code);
    }
    if p.code.starts_with("CHUA-CO-MA") {
        assert!(
            has("procedure code"),
            "{path}: the placeholder code is a guess"
        );
    }
    let text = report::text(i);
    let markdown = report::markdown(path, std::slice::from_ref(i));
    for n in &i.guesses {
        let cell = n.cell.to_string();
        assert!(!cell.is_empty());
        let line = format!("{cell}: {} = {}", n.what, n.value);
        assert!(text.contains(&line), "{path}: {line} not in\n{text}");
        assert!(markdown.contains(&format!("| [ ] | {cell} | {} |", n.what)));
    }
}

/// The steps add up to each table's published total.
fn totals_add_up(path: &str, imported: &[Imported], want: &[f64]) {
    let got: Vec<Option<f64>> = imported.iter().map(|i| i.published_total_days).collect();
    let want_some: Vec<Option<f64>> = want.iter().copied().map(Some).collect();
    assert_eq!(got, want_some, "{path}: published totals");
    for i in imported {
        assert_eq!(
            i.total_matches(),
            Some(true),
            "{path} {}: the steps add up to {}, the table publishes {:?}",
            i.procedure.code,
            i.steps_total_days,
            i.published_total_days
        );
        assert_eq!(i.procedure.time_limit_days, i.published_total_days);
        assert!(report::text(i).contains("the table publishes"), "{path}");
        assert!(!report::text(i).contains("they differ"), "{path}");
    }
}

/// What two imports of the same tables from two formats must agree on.
fn same_procedures(a: &[Imported], b: &[Imported], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (x, y) in a.iter().zip(b) {
        let (p, q) = (&x.procedure, &y.procedure);
        assert_eq!((&p.code, &p.name), (&q.code, &q.name), "{what}");
        assert_eq!(p.time_limit_days, q.time_limit_days, "{what} {}", p.code);
        let steps = |p: &quytrinh_model::Procedure| {
            p.steps
                .iter()
                .map(|s| (s.name.clone(), s.action, s.channel, s.duration_days))
                .collect::<Vec<_>>()
        };
        assert_eq!(steps(p), steps(q), "{what} {}", p.code);
        let actors = |p: &quytrinh_model::Procedure| {
            p.actors
                .iter()
                .map(|a| (a.name.clone(), a.role))
                .collect::<Vec<_>>()
        };
        assert_eq!(actors(p), actors(q), "{what} {}", p.code);
    }
}

const REAL_TOTALS: [f64; 6] = [10.0, 10.0, 5.0, 10.0, 35.0, 7.0];
const BUILT_TOTALS: [f64; 6] = [1.0, 5.0, 7.0, 4.0, 15.0, 3.0];

#[test]
fn real_tables_of_cao_bang_import_and_add_up() {
    let csv = import("real/cao-bang-2022-qd-ubnd.csv");
    let docx = import("real/cao-bang-2022-qd-ubnd.docx");
    for (path, imported) in [("real csv", &csv), ("real docx", &docx)] {
        totals_add_up(path, imported, &REAL_TOTALS);
        passes_check(path, imported);
        for i in imported {
            every_guess_is_named(path, i);
        }
    }
    same_procedures(&csv, &docx, "the real tables as CSV and as Word");
    let codes: Vec<&str> = csv.iter().map(|i| i.procedure.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "1.001806",
            "1.012990",
            "1.013814",
            "1.013814-2",
            "1.013820",
            "2.000027"
        ]
    );
    // Case b) of Quy trình 03 keeps the title above case a) and says which case it is.
    let b = &csv[3].procedure;
    assert!(
        b.name
            .starts_with("Đăng ký thành lập, đăng ký thay đổi nội dung"),
        "{}",
        b.name
    );
    assert!(
        b.name
            .ends_with("b) Đối với trường hợp giải thể cơ sở trợ giúp"),
        "{}",
        b.name
    );
    assert!(
        csv[3]
            .guesses
            .iter()
            .any(|n| n.what == "procedure code" && n.value == "1.013814-2")
    );
    // The first procedure, step by step.
    let p = &csv[0].procedure;
    assert_eq!(p.steps.len(), 7);
    assert_eq!(p.actors.len(), 7);
    assert_eq!(p.steps[0].action, Action::Receive);
    assert_eq!(p.steps[4].action, Action::Approve);
    assert_eq!(p.steps[5].action, Action::IssueResult);
    assert_eq!(p.steps[6].action, Action::ReturnResult);
    assert_eq!(p.steps[6].duration_days, None);
    assert!(
        p.steps[6]
            .note
            .as_deref()
            .unwrap()
            .contains("Không tính thời gian")
    );
    assert_eq!(p.actors[1].role, Role::Official);
    // The total's label is merged across three columns in the Word appendix.
    assert_eq!(
        docx[0]
            .published_total_cell
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("table 1, row 9, column 4")
    );
    assert_eq!(
        csv[0]
            .published_total_cell
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("cao-bang-2022-qd-ubnd.csv!D11")
    );
}

#[test]
fn tables_built_in_their_style_read_the_same_from_csv_excel_and_word() {
    let csv = import("built/built.csv");
    let xlsx = import("built/built.xlsx");
    let docx = import("built/built.docx");
    for (path, imported) in [
        ("built.csv", &csv),
        ("built.xlsx", &xlsx),
        ("built.docx", &docx),
    ] {
        totals_add_up(path, imported, &BUILT_TOTALS);
        passes_check(path, imported);
        for i in imported {
            every_guess_is_named(path, i);
        }
    }
    same_procedures(&csv, &xlsx, "built CSV and Excel");
    same_procedures(&csv, &docx, "built CSV and Word");
    // No "Mã TTHC" in the fourth title: a placeholder, named as a guess at the title.
    for (imported, at) in [
        (&csv, "built.csv!A29"),
        (&xlsx, "QT4!A1"),
        (&docx, "paragraph 8"),
    ] {
        let n = imported[3]
            .guesses
            .iter()
            .find(|n| n.what == "procedure code")
            .unwrap();
        assert_eq!(
            (n.value.as_str(), n.cell.to_string().as_str()),
            ("CHUA-CO-MA-4", at)
        );
    }
    // Columns in another order (party before content) and with other names.
    let p = &csv[5].procedure;
    assert_eq!(
        p.steps[1].name,
        "Tra cứu Cơ sở dữ liệu hộ tịch điện tử, in bản sao trích lục"
    );
    assert_eq!(p.actors[0].name, "Công chức Bộ phận Một cửa");
    assert_eq!(p.steps[0].duration_days, Some(1.0));
    // "1/2 ngày", "0,5 ngày", "02 giờ", "08 giờ làm việc", bare numbers under "(ngày)".
    assert_eq!(csv[1].procedure.steps[0].duration_days, Some(0.5));
    assert_eq!(csv[0].procedure.steps[1].duration_days, Some(0.25));
    assert_eq!(xlsx[3].procedure.steps[1].duration_days, Some(2.0));
    assert!(xlsx[3].guesses.iter().any(|n| n.what == "step 2 time"
        && n.cell.to_string() == "QT4!D4"
        && n.because.contains("unit the column header names")));
    // An on-site check, a tax office, an applicant who pays and appears.
    let land = &csv[4].procedure;
    assert_eq!(land.steps[2].channel, Channel::Field);
    assert_eq!(land.actors[0].role, Role::Applicant);
    // "qua dịch vụ bưu chính công ích hoặc trực tiếp": the first channel named.
    assert_eq!(land.steps[0].channel, Channel::Postal);
    assert_eq!(land.steps[4].action, Action::Pay);
    assert!(land.actors.iter().any(|a| a.role == Role::OtherAgency));
    assert_eq!(csv[0].procedure.steps[5].action, Action::ReturnResult);
    assert_eq!(csv[0].procedure.steps[0].action, Action::Submit);
}

#[test]
fn declared_merges_are_known_and_a_csv_gap_is_a_guess() {
    let csv = import("built/built.csv");
    let xlsx = import("built/built.xlsx");
    let docx = import("built/built.docx");
    // Karaoke licence: the party cell of steps 2 and 3 is one merged cell.
    for (path, imported, cell) in [
        ("xlsx", &xlsx, None),
        ("docx", &docx, None),
        ("csv", &csv, Some("built.csv!C15")),
    ] {
        let p = &imported[1].procedure;
        assert_eq!(p.steps[2].actor, p.steps[1].actor, "{path}");
        let guess = imported[1]
            .guesses
            .iter()
            .find(|n| n.what == "step 3 party");
        assert_eq!(guess.map(|n| n.cell.to_string()).as_deref(), cell, "{path}");
    }
    // Boundary markers: the time cell of steps 2 and 3 is one merged cell, counted once.
    for (path, imported, cell) in [
        ("xlsx", &xlsx, "QT3!D5"),
        ("docx", &docx, "table 3, row 4, column 4"),
    ] {
        let i = &imported[2];
        assert_eq!(i.procedure.steps[1].duration_days, Some(3.0), "{path}");
        assert_eq!(i.procedure.steps[2].duration_days, None, "{path}");
        let n = i.guesses.iter().find(|n| n.what == "step 3 time").unwrap();
        assert_eq!(n.cell.to_string(), cell, "{path}");
        assert!(
            n.because.contains("counted once, on step 2"),
            "{path}: {}",
            n.because
        );
    }
    // In CSV the same gap is an empty time cell: reported, not filled.
    let n = csv[2]
        .guesses
        .iter()
        .find(|n| n.what == "step 3 time")
        .unwrap();
    assert_eq!(n.because, "no time given");
}

#[test]
fn several_procedures_on_one_sheet_and_over_several_sheets() {
    let xlsx = import("built/built.xlsx");
    let sheets: Vec<String> = xlsx.iter().map(|i| i.header.to_string()).collect();
    assert_eq!(
        sheets,
        [
            "QT1!B2",
            "QT2!B2",
            "QT3!B2",
            "QT4!B2",
            "Liên thông!B4",
            "Liên thông!C17"
        ]
    );
}

#[test]
fn tcvn3_and_vni_files_are_refused() {
    for (path, encoding, font) in [
        ("legacy/tcvn3.docx", Encoding::Tcvn3, Some(".VnTime")),
        ("legacy/tcvn3.csv", Encoding::Tcvn3, None),
        ("legacy/vni.xlsx", Encoding::Vni, Some("VNI-Times")),
    ] {
        let (name, bytes) = fixture(path);
        match read::grids(&name, &bytes) {
            Err(e @ ReadError::Legacy { .. }) => {
                let ReadError::Legacy { finding, file } = &e else {
                    unreachable!()
                };
                assert_eq!(finding.encoding, encoding, "{path}");
                assert_eq!(finding.font.as_deref(), font, "{path}");
                assert_eq!(file, &name);
                assert!(e.to_string().contains(encoding.name()), "{e}");
                assert!(e.help().contains("Unikey"), "{}", e.help());
            }
            other => panic!("{path}: refused as legacy expected, got {other:?}"),
        }
    }
}

#[test]
fn other_inputs_are_refused_with_a_reason() {
    let e = read::grids("a.doc", b"\xD0\xCF\x11\xE0").unwrap_err();
    assert!(matches!(e, ReadError::Unsupported { .. }), "{e:?}");
    assert!(e.help().contains(".docx"));
    let e = read::grids("a.xlsx", b"not a zip").unwrap_err();
    assert!(matches!(e, ReadError::Unreadable { .. }), "{e:?}");
    let e = read::grids("a.docx", b"PK\x03\x04 truncated").unwrap_err();
    assert!(matches!(e, ReadError::Unreadable { .. }), "{e:?}");
    let e = read::grids("a.csv", b"Ng\xE0y,\xFF\xFE\n").unwrap_err();
    assert!(matches!(e, ReadError::NotUtf8 { .. }), "{e:?}");
    let grids = read::grids("a.csv", b"a,b\n1,2\n").unwrap();
    assert!(table::import_all(&grids, None).is_err());
}

#[test]
fn a_row_of_a_published_table() {
    let s = guess::step(
        "Tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC, chuyển cho Phòng Tư pháp",
        "Công chức Bộ phận Một cửa",
        "Không tính thời gian",
    );
    assert_eq!(s.role.value, Role::Agency);
    assert_eq!(s.action.value, Action::Receive);
    assert_eq!(s.channel.value, Channel::Online);
    assert_eq!(s.channel.phrase.as_deref(), Some("Hệ thống thông tin"));
    assert_eq!(s.signature.value, Signature::None);
    let t = s.time.as_ref().map(|t| (t.days, t.counted));
    assert_eq!(t, Some((0.0, false)));
}

#[test]
fn an_applicant_row_without_hints_gets_defaults() {
    let s = guess::step("Hồ sơ", "Tổ chức, cá nhân", "");
    assert_eq!(s.role.value, Role::Applicant);
    assert_eq!(s.action.value, Action::Submit);
    assert!(s.action.is_default());
    assert_eq!(s.channel.value, Channel::InPerson);
    assert!(s.channel.is_default());
    assert_eq!(s.time, None);
}
