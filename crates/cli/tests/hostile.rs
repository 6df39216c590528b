//! Hostile inputs (issue #6): whatever it is fed, `quytrinh` never panics, never hangs and never
//! writes outside the folder it was given. Bad input gets exit 2 and a message that names the
//! file and the problem; big cases are generated here in a temporary folder, not committed.
//!
//! `tests/fuzz-regressions/` holds the inputs the fuzzers (`fuzz/`) once crashed on: every
//! command is replayed on each of them. `tests/hostile/` holds the small hand-written cases.

use std::fs;
use std::io::Write as _;
use std::time::{Duration, Instant};

use super::*;

/// The longest a hostile case may take (they take well under a second when all is right; the
/// limit only turns a hang into a failure).
const LIMIT: Duration = Duration::from_secs(60);

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `quytrinh` in `dir`, killing it (and failing) past `limit`.
#[track_caller]
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quytrinh"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("quytrinh runs");
    // Drain the pipes on threads, so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut errs = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut errs, &mut v).map(|_| v)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("quytrinh {args:?} did not finish in {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap().unwrap(),
        stderr: t_err.join().unwrap().unwrap(),
    }
}

/// The exit code, after checking the run neither panicked nor died of a signal (a stack
/// overflow aborts).
#[track_caller]
fn survived(o: &Output, what: &str) -> i32 {
    let e = err(o);
    assert!(!e.contains("panicked"), "{what}: a panic\n{e}");
    assert!(
        !e.contains("overflowed its stack"),
        "{what}: a stack overflow\n{e}"
    );
    let code = o.status.code();
    assert!(
        matches!(code, Some(0 | 2)),
        "{what}: exit {:?} (0 or 2 expected, 101 is a panic, none a signal)\n{e}",
        o.status
    );
    code.unwrap()
}

/// Exit 2, and stderr names `file` and says each of `problem`.
#[track_caller]
fn refused(o: &Output, file: &str, problem: &[&str]) {
    let e = err(o);
    assert_eq!(survived(o, file), 2, "{file} must be refused:\n{e}");
    assert!(e.contains(file), "the message must name {file}:\n{e}");
    for p in problem {
        assert!(e.contains(p), "the message must say `{p}`:\n{e}");
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A valid procedure with `steps` steps in one chain (explicit flows), as JSON text.
fn chain(code: &str, steps: usize) -> String {
    let mut s = format!(
        r#"{{"procedure": {{"code": "{code}", "name": "Thủ tục dài", "published": true, "forms_downloadable": true,
  "actors": [{{"id": "cd", "name": "Công dân", "role": "applicant"}}, {{"id": "mc", "name": "Một cửa", "role": "agency"}}],
  "steps": ["#
    );
    for i in 0..steps {
        let (actor, action) = match i {
            0 => ("cd", "submit"),
            _ if i + 1 == steps => ("mc", "return_result"),
            _ => ("mc", "process"),
        };
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"id": "s{i}", "name": "Bước {i}", "actor": "{actor}", "action": "{action}", "channel": "online", "duration_days": 0.5}}"#
        ));
    }
    s.push_str(r#"], "flows": ["#);
    for i in 1..steps {
        if i > 1 {
            s.push(',');
        }
        s.push_str(&format!(r#"{{"from": "s{}", "to": "s{i}"}}"#, i - 1));
    }
    s.push_str("]}}\n");
    s
}

/// A small valid procedure with the given code (JSON-escaped by the caller).
fn procedure(code_json: &str) -> String {
    format!(
        r#"{{"procedure": {{"code": {code_json}, "name": "Thủ tục",
  "actors": [{{"id": "cd", "name": "Công dân", "role": "applicant"}}],
  "steps": [{{"id": "nop", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "online"}},
            {{"id": "tra", "name": "Trả", "actor": "cd", "action": "return_result", "channel": "postal"}}]}}}}"#
    )
}

/// The `.json` and `.jsonl` files below `dir`, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json" || x == "jsonl") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file the fuzzers once crashed on, and every small hostile case: check, analyze and
/// render end in 0 or 2, never in a panic.
#[test]
fn fuzz_regressions_never_panic() {
    let mut cases = files_below(&repo().join("tests/fuzz-regressions"));
    cases.extend(files_below(&repo().join("tests/hostile")));
    assert!(cases.len() >= 5, "the hostile cases are gone: {cases:?}");
    for case in cases {
        let file = path_str(&case);
        let out = temp();
        let o = run_limited(&repo(), &["check", file], LIMIT);
        survived(&o, &format!("check {file}"));
        let o = run_limited(&repo(), &["analyze", "--format", "json", file], LIMIT);
        survived(&o, &format!("analyze {file}"));
        let o = run_limited(
            &repo(),
            &["render", "-o", path_str(&out.path().join("out")), file],
            LIMIT,
        );
        survived(&o, &format!("render {file}"));
    }
}

/// 100,000 `[`: refused as not a procedure, without a stack overflow; so are 100,000 nested
/// objects inside a procedure.
#[test]
fn deeply_nested_json_is_refused() {
    let dir = temp();
    let arrays = dir.path().join("arrays.json");
    fs::write(&arrays, "[".repeat(100_000)).unwrap();
    let o = run_limited(dir.path(), &["check", "arrays.json"], LIMIT);
    refused(&o, "arrays.json", &["QT009", "the document is a list"]);

    let objects = dir.path().join("objects.json");
    let mut text = String::from(r#"{"procedure": {"code": "A", "name": "B", "note": "#);
    text.push_str(&r#"{"a": "#.repeat(100_000));
    text.push('1');
    text.push_str(&"}".repeat(100_000));
    text.push_str("}}");
    fs::write(&objects, text).unwrap();
    let o = run_limited(dir.path(), &["check", "objects.json"], LIMIT);
    refused(&o, "objects.json", &["procedure.note"]);

    // Valid JSON around a wrong value, with a deep tail the locator has to walk.
    let tail = dir.path().join("tail.json");
    let text = format!(
        r#"{{"procedure": 1, "x": {}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    fs::write(&tail, text).unwrap();
    let o = run_limited(dir.path(), &["check", "tail.json"], LIMIT);
    refused(&o, "tail.json", &["QT007"]);
}

/// A 1 MB string: fine where the format allows any text, and quoted shortened (not a megabyte
/// of terminal) where it is wrong.
#[test]
fn megabyte_string_values() {
    let dir = temp();
    let big = "ư".repeat(500_000);
    let name = dir.path().join("long-name.json");
    fs::write(
        &name,
        procedure(r#""1.1""#).replace(r#""name": "Thủ tục""#, &format!(r#""name": "{big}""#)),
    )
    .unwrap();
    let o = run_limited(dir.path(), &["check", "long-name.json"], LIMIT);
    assert_eq!(survived(&o, "long name"), 0, "{}", err(&o));
    let o = run_limited(
        dir.path(),
        &["analyze", "--format", "json", "long-name.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "long name"), 0, "{}", err(&o));

    for (file, from, to) in [
        (
            "long-enum.json",
            r#""channel": "postal""#,
            format!(r#""channel": "{big}""#),
        ),
        (
            "long-key.json",
            r#""name": "Thủ tục""#,
            format!(r#""name": "x", "{big}": 1"#),
        ),
        (
            "long-ref.json",
            r#""actor": "cd", "action": "submit""#,
            format!(r#""actor": "{big}", "action": "submit""#),
        ),
    ] {
        fs::write(
            dir.path().join(file),
            procedure(r#""1.1""#).replace(from, &to),
        )
        .unwrap();
        let o = run_limited(dir.path(), &["check", file], LIMIT);
        refused(&o, file, &["bytes left out"]);
        assert!(
            o.stderr.len() < 64 * 1024,
            "{file}: {} bytes of messages",
            o.stderr.len()
        );
    }
}

/// 100,000 steps in one chain: checked and analysed without a stack overflow (exit 0: it is
/// valid). Drawing is the slow part (about 10 s for 100,000 steps in a debug build), so it is
/// drawn, with the analysis, at 20,000 steps: in linear time (it once took quadratic time,
/// 16 s at 20,000 steps).
#[test]
fn hundred_thousand_steps_in_one_chain() {
    let dir = temp();
    fs::write(dir.path().join("chain.json"), chain("1.1", 100_000)).unwrap();
    let o = run_limited(dir.path(), &["check", "chain.json"], LIMIT);
    assert_eq!(survived(&o, "check"), 0, "{}", err(&o));
    assert!(stdout(&o).contains("100000 steps"), "{}", stdout(&o));
    let o = run_limited(
        dir.path(),
        &["analyze", "--format", "json", "chain.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "analyze"), 0, "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["procedures"][0]["critical_path_days"], 50_000.0);

    fs::write(dir.path().join("chain20k.json"), chain("1.2", 20_000)).unwrap();
    let o = run_limited(
        dir.path(),
        &["render", "-o", "out", "chain20k.json"],
        Duration::from_secs(30),
    );
    assert_eq!(survived(&o, "render"), 0, "{}", err(&o));
    let dot = fs::read_to_string(dir.path().join("out/1.2.dot")).unwrap();
    assert!(dot.contains("s19999"), "the last step is drawn");
}

/// A 1 GiB file (sparse: made in an instant) is refused for its size before it is read.
#[test]
fn gigabyte_json_is_refused_for_its_size() {
    let dir = temp();
    let f = fs::File::create(dir.path().join("huge.json")).unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    let start = Instant::now();
    let o = run_limited(dir.path(), &["check", "huge.json"], LIMIT);
    refused(&o, "huge.json", &["QT018", "larger than 64 MiB"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}: it was read",
        start.elapsed()
    );
}

/// A `.jsonl` line of 20 MiB is refused for that line; the other lines are still checked.
#[test]
fn jsonl_line_of_20_mib_is_refused() {
    let dir = temp();
    let mut f = fs::File::create(dir.path().join("c.jsonl")).unwrap();
    let one = procedure(r#""1.1""#).replace('\n', " ");
    writeln!(f, "{one}").unwrap();
    let mut line = br#"{"procedure": {"note": ""#.to_vec();
    line.resize(20 << 20, b'x');
    line.extend_from_slice(b"\"}}\n");
    f.write_all(&line).unwrap();
    writeln!(f, "{}", one.replace("1.1", "1.2")).unwrap();
    drop(f);
    let o = run_limited(dir.path(), &["check", "c.jsonl"], LIMIT);
    refused(&o, "c.jsonl", &["line 2 is longer than 16 MiB"]);
    assert!(stdout(&o).contains("2 procedures"), "{}", stdout(&o));
}

/// A folder that holds a link to itself: the loop is named, nothing is read twice, no hang.
#[cfg(unix)]
#[test]
fn symlink_loop_in_a_folder_is_named() {
    let dir = temp();
    let root = dir.path().join("catalog");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(root.join("sub/a.json"), procedure(r#""1.1""#)).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/loop")).unwrap();
    // Two links to each other: neither is a file nor a folder.
    std::os::unix::fs::symlink("b.json", root.join("a-link.json")).unwrap();
    std::os::unix::fs::symlink("a-link.json", root.join("b.json")).unwrap();
    let o = run_limited(dir.path(), &["check", "catalog"], LIMIT);
    refused(&o, "catalog/sub/loop", &["symbolic link (a loop)"]);
    assert!(stdout(&o).contains("1 procedure"), "{}", stdout(&o));

    let o = run_limited(dir.path(), &["check", "catalog/b.json"], LIMIT);
    refused(&o, "catalog/b.json", &["cannot read"]);
}

/// Groups that include each other (tests/bad/include-cyclic): the chain is named.
#[test]
fn include_cycles_are_named() {
    let o = run_limited(
        &repo(),
        &["check", "tests/bad/include-cyclic/a.json"],
        LIMIT,
    );
    refused(
        &o,
        "tests/bad/include-cyclic/a.json",
        &["QT016", "cyclic", "→"],
    );
}

/// A group whose `include` names a folder (tests/hostile/include-folder), a device
/// (tests/hostile/include-device.json), or a file over the size limit.
#[test]
fn includes_that_are_not_procedure_files_are_refused() {
    let o = run_limited(
        &repo(),
        &["check", "tests/hostile/include-folder/group.json"],
        LIMIT,
    );
    refused(
        &o,
        "tests/hostile/include-folder/group.json",
        &[
            "QT015",
            "include `members` cannot be read",
            "it is a folder, not a file",
        ],
    );
    #[cfg(unix)]
    {
        let o = run_limited(
            &repo(),
            &["check", "tests/hostile/include-device.json"],
            LIMIT,
        );
        refused(
            &o,
            "tests/hostile/include-device.json",
            &[
                "QT015",
                "include `/dev/zero` cannot be read",
                "it is not a regular file",
            ],
        );
    }
    let dir = temp();
    let f = fs::File::create(dir.path().join("huge.json")).unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    fs::write(
        dir.path().join("group.json"),
        r#"{"group": {"code": "LT", "name": "Nhóm", "procedures": [{"include": "huge.json"}]}}"#,
    )
    .unwrap();
    let o = run_limited(dir.path(), &["check", "group.json"], LIMIT);
    refused(
        &o,
        "group.json",
        &[
            "QT015",
            "include `huge.json` cannot be read",
            "it is larger than 64 MiB",
        ],
    );
}

/// A device named as an input (or a link to one) is read up to the size limit, never forever;
/// a pipe or device inside a folder is skipped.
#[cfg(unix)]
#[test]
fn devices_are_never_read_forever() {
    let dir = temp();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
    let o = run_limited(dir.path(), &["check", "/dev/zero"], LIMIT);
    refused(&o, "/dev/zero", &["larger than 64 MiB"]);
    // As a .jsonl catalogue: one endless line, skipped only up to a bound.
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.jsonl")).unwrap();
    let o = run_limited(dir.path(), &["check", "zero.jsonl"], LIMIT);
    refused(
        &o,
        "zero.jsonl",
        &["longer than 256 MiB", "the rest of the file is not read"],
    );
    let sub = dir.path().join("folder");
    fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink("/dev/zero", sub.join("zero.json")).unwrap();
    fs::write(sub.join("a.json"), procedure(r#""1.1""#)).unwrap();
    let made_fifo = Command::new("mkfifo")
        .arg(sub.join("pipe.json"))
        .status()
        .is_ok_and(|s| s.success());
    let o = run_limited(dir.path(), &["check", "folder"], LIMIT);
    assert_eq!(
        survived(&o, "folder"),
        0,
        "fifo made: {made_fifo}\n{}",
        err(&o)
    );
    assert!(stdout(&o).contains("1 file, 1 procedure"), "{}", stdout(&o));
}

/// `render -o` naming an existing regular file: exit 2, the file untouched.
#[test]
fn render_output_onto_a_file_is_refused() {
    let dir = temp();
    fs::write(dir.path().join("p.json"), procedure(r#""1.1""#)).unwrap();
    fs::write(dir.path().join("taken"), "giữ nguyên").unwrap();
    let o = run_limited(dir.path(), &["render", "-o", "taken", "p.json"], LIMIT);
    refused(&o, "taken", &["is a file, not a folder"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("taken")).unwrap(),
        "giữ nguyên"
    );
}

/// Output names come from procedure codes; hostile codes must never reach outside the -o
/// folder, name a device, or hide a file. Every file written is a direct child of the folder,
/// no temporary file is left behind, and nothing appears beside the folder.
#[test]
fn hostile_codes_never_escape_the_output_folder() {
    let dir = temp();
    let work = dir.path().join("a/b");
    fs::create_dir_all(&work).unwrap();
    let outside = dir.path().join("outside");
    // tests/hostile/hostile-codes.jsonl, and a code that is an absolute path beside the folder.
    let mut catalog = fs::read_to_string(repo().join("tests/hostile/hostile-codes.jsonl")).unwrap();
    let codes = catalog.lines().count() + 1;
    catalog.push_str(&procedure(&format!("\"{}/abs\"", outside.display())).replace('\n', " "));
    catalog.push('\n');
    fs::write(work.join("hostile.jsonl"), catalog).unwrap();
    let o = run_limited(&work, &["render", "-o", "out", "hostile.jsonl"], LIMIT);
    assert_eq!(survived(&o, "render"), 0, "{}", err(&o));

    let out = work.join("out");
    let written: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), codes, "{written:?}");
    for name in &written {
        assert!(name.ends_with(".dot"), "a leftover or odd file: {name:?}");
        assert!(!name.starts_with('.'), "a hidden file: {name:?}");
        let stem = name.trim_end_matches(".dot").to_ascii_uppercase();
        assert!(
            !["CON", "NUL", "PRN", "AUX"].contains(&stem.split('.').next().unwrap_or_default()),
            "a device name: {name:?}"
        );
        assert!(
            name.len() <= 255,
            "too long for a file system: {} bytes",
            name.len()
        );
    }
    // Nothing beside the folder, above it, or at the absolute paths.
    let mut beside: Vec<String> = fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["hostile.jsonl", "out"]);
    assert_eq!(fs::read_dir(dir.path().join("a")).unwrap().count(), 1);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "something escaped to the top"
    );
    assert!(!outside.exists());
    assert!(!Path::new("/etc/passwd.dot").exists());

    // An empty code is refused before anything is written.
    fs::write(work.join("empty.json"), procedure(r#""""#)).unwrap();
    let o = run_limited(&work, &["render", "-o", "out2", "empty.json"], LIMIT);
    refused(&o, "empty.json", &["procedure code is empty"]);
    assert!(!work.join("out2").exists());
}
