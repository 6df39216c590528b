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
use quytrinh_render::testing::dot_available;

/// The longest a hostile case may take (they take well under a second when all is right; the
/// limit only turns a hang into a failure).
const LIMIT: Duration = Duration::from_secs(60);

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `quytrinh` in `dir`, killing it (and failing) past `limit`.
#[track_caller]
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> Output {
    run_with(dir, args, &[], None, limit)
}

/// [`run_limited`] with environment variables and standard input; the counters are asked for
/// (`QUYTRINH_COUNTERS=1`) and the Graphviz cache is kept apart (a private `XDG_CACHE_HOME` in
/// `dir` unless `env` sets one).
#[track_caller]
fn run_with(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&[u8]>,
    limit: Duration,
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quytrinh"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("QUYTRINH_COUNTERS", "1")
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .stdin(if stdin.is_some() {
            std::process::Stdio::piped()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("quytrinh runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
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
/// drawn, with the analysis, at 5,000 and 20,000 steps: in linear work (it once took quadratic
/// time, 16 s at 20,000 steps). Linear is asserted on a count, the flows the lane ranking
/// looked at (`rank_visits`), never on the clock: four times the steps, at most about four
/// times the count.
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

    let mut visits = Vec::new();
    for (code, n) in [("1.2", 5_000), ("1.3", 20_000)] {
        let file = format!("chain{n}.json");
        fs::write(dir.path().join(&file), chain(code, n)).unwrap();
        let out = format!("out{n}");
        let o = run_limited(dir.path(), &["render", "-o", &out, &file], LIMIT);
        assert_eq!(survived(&o, "render"), 0, "{}", err(&o));
        let dot = fs::read_to_string(dir.path().join(format!("{out}/{code}.dot"))).unwrap();
        assert!(
            dot.contains(&format!("s{}", n - 1)),
            "the last step is drawn"
        );
        visits.push(counter(&o, "rank_visits"));
    }
    let (small, large) = (visits[0], visits[1]);
    assert!(small >= 5_000, "{visits:?}");
    assert!(large <= small * 5, "not linear: {visits:?}");
}

/// A 1 GiB file (sparse: made in an instant) is refused for its size before it is read.
/// (Issue 17: the wall-clock assert it had became a count of the bytes read.)
#[test]
fn gigabyte_json_is_refused_for_its_size() {
    let dir = temp();
    let f = fs::File::create(dir.path().join("huge.json")).unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    let o = run_limited(dir.path(), &["check", "huge.json"], LIMIT);
    refused(&o, "huge.json", &["QT018", "larger than 64 MiB"]);
    // Refused from its size alone: not one byte of it was read (a count, not a time).
    assert_eq!(counter(&o, "bytes_read"), 0, "{}", err(&o));
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

/// A device named as an input (or a link to one) is refused, never read (issue 17: the input
/// layer reads regular files only); a pipe or device inside a folder is skipped.
#[cfg(unix)]
#[test]
fn devices_are_never_read_forever() {
    let dir = temp();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
    let o = run_limited(dir.path(), &["check", "/dev/zero"], LIMIT);
    refused(&o, "/dev/zero", &["not a regular file"]);
    // As a .jsonl catalogue, through a link: refused the same way.
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.jsonl")).unwrap();
    let o = run_limited(dir.path(), &["check", "zero.jsonl"], LIMIT);
    refused(&o, "zero.jsonl", &["not a regular file"]);
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

// ---------------------------------------------------------------------------------------------
// Issue 17, "Hardening, second round". Each test below failed on main at commit 77dcc03 (the
// start of the issue) and passes now: checked on 2026-12-02 by running these tests against a
// binary built at 77dcc03 (the binary path swapped for it), where all 19 failed. Those
// that count (the include diamond, the Graphviz guard, the book's second build, re-engineering)
// failed there for want of counters, and the include diamond also ran past its time limit. Cases about time assert on counts printed by
// `QUYTRINH_COUNTERS=1` (files read, `dot` layouts, cache hits, re-engineering visits), never
// on the clock; `run_limited`'s limit only turns a hang into a failure.
// ---------------------------------------------------------------------------------------------

/// The value of one counter printed at exit under `QUYTRINH_COUNTERS=1`.
#[track_caller]
fn counter(o: &Output, name: &str) -> u64 {
    let e = err(o);
    let key = format!("{name}=");
    let line = e
        .lines()
        .find(|l| l.starts_with("quytrinh counters:"))
        .unwrap_or_else(|| panic!("no counters printed:\n{e}"));
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(&key))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no counter {name}: {line}"))
}

/// A procedure whose texts are `name` (procedure, actor, step and document names) and whose
/// document id is `doc_id`, with paper documents and in-person steps (so blockers and their
/// reasons quote the names).
fn named(code: &str, name: &str, doc_id: &str) -> String {
    let n = serde_json::to_string(name).unwrap();
    let d = serde_json::to_string(doc_id).unwrap();
    format!(
        r#"{{"procedure": {{"code": "{code}", "name": {n}, "authority": {n},
  "actors": [{{"id": "cd", "name": {n}, "role": "applicant"}}, {{"id": "mc", "name": "Một cửa", "role": "agency"}}],
  "documents": [{{"id": {d}, "name": {n}, "form": "paper"}}],
  "steps": [{{"id": "nop", "name": {n}, "actor": "cd", "action": "submit", "channel": "in_person", "documents": [{d}]}},
            {{"id": "xl", "name": "Xử lý", "actor": "mc", "action": "process", "channel": "paper"}},
            {{"id": "tra", "name": {n}, "actor": "mc", "action": "return_result", "channel": "in_person"}}],
  "flows": [{{"from": "nop", "to": "xl", "label": {n}}}, {{"from": "xl", "to": "tra"}}]}}}}"#
    )
}

/// Raw HTML, links and code spans in a Markdown text as pulldown-cmark reads it: the HTML and
/// inline HTML events, the link destinations, and whether a heading holds `needle`.
fn markdown_events(md: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut html = Vec::new();
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut in_heading = false;
    for e in Parser::new_ext(md, Options::all()) {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string())
            }
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some(h) = headings.last_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    (html, links, headings)
}

const HOSTILE_NAME: &str = "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) `code` *b* |pipe|";

/// Case 1: Markdown outputs (analyze, compare, report.md, the mdBook analysis section) never
/// pass HTML, links or code-span breakers from the input.
#[test]
fn markdown_outputs_hold_no_html_from_the_input() {
    let dir = temp();
    fs::write(
        dir.path().join("p.json"),
        named("1.1", HOSTILE_NAME, "gt`</code><script>x</script>"),
    )
    .unwrap();
    let check = |md: &str, what: &str| {
        let (html, links, _) = markdown_events(md);
        assert!(
            html.iter()
                .all(|h| !h.contains("script") && !h.contains("img")),
            "{what}: raw HTML from the input: {html:?}"
        );
        assert!(
            links.iter().all(|l| !l.contains("javascript")),
            "{what}: a link from the input: {links:?}"
        );
    };
    let o = run_limited(
        dir.path(),
        &["analyze", "--format", "markdown", "p.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "analyze"), 0, "{}", err(&o));
    check(&stdout(&o), "analyze --format markdown");
    let o = run_limited(
        dir.path(),
        &["reengineer", "-o", "to-be.json", "p.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "reengineer"), 0, "{}", err(&o));
    let o = run_limited(
        dir.path(),
        &["compare", "--format", "markdown", "p.json", "to-be.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "compare"), 0, "{}", err(&o));
    check(&stdout(&o), "compare --format markdown");
    if dot_available("this test") {
        let o = run_limited(dir.path(), &["report", "-o", "out", "p.json"], LIMIT);
        assert_eq!(survived(&o, "report"), 0, "{}", err(&o));
        check(
            &fs::read_to_string(dir.path().join("out/report.md")).unwrap(),
            "report.md",
        );
    }
}

/// Case 2: a line break in a name cannot inject a heading or open a code fence in report.md
/// (nor in the Markdown analysis).
#[test]
fn a_line_break_in_a_name_keeps_the_report_whole() {
    let dir = temp();
    let name = "Tên\n# Injected\n```\nfence";
    fs::write(dir.path().join("p.json"), named("1.1", name, "gt")).unwrap();
    let o = run_limited(
        dir.path(),
        &["analyze", "--format", "markdown", "p.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "analyze"), 0, "{}", err(&o));
    let md = stdout(&o);
    let (_, _, headings) = markdown_events(&md);
    assert!(
        headings.iter().all(|h| h.trim() != "Injected"),
        "a heading was injected: {headings:?}"
    );
    assert!(
        !md.lines().any(|l| l.trim_start().starts_with("```")),
        "a code fence was opened:\n{md}"
    );
    if dot_available("this test") {
        let o = run_limited(dir.path(), &["report", "-o", "out", "p.json"], LIMIT);
        assert_eq!(survived(&o, "report"), 0, "{}", err(&o));
        let md = fs::read_to_string(dir.path().join("out/report.md")).unwrap();
        let (_, _, headings) = markdown_events(&md);
        assert!(
            headings.iter().all(|h| h.trim() != "Injected"),
            "{headings:?}"
        );
        assert!(
            !md.lines().any(|l| l.trim_start().starts_with("```")),
            "{md}"
        );
    }
}

/// Whether `s` holds a character a terminal would act on or that reorders text.
fn has_hidden(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// Case 3: control characters (ESC, BEL, CR) and bidi overrides reach neither the terminal nor
/// the reports: not from names, not from values quoted in diagnostics, not from their source
/// snippets. They are shown as `\u{1b}`.
#[test]
fn control_and_bidi_characters_are_shown_visibly() {
    let dir = temp();
    let name = "Tên\u{1b}[2J\u{7}\r\u{202e}đảo";
    fs::write(dir.path().join("p.json"), named("1.1", name, "gt")).unwrap();
    for args in [
        &["analyze", "p.json"][..],
        &["analyze", "--format", "markdown", "p.json"],
        &["reengineer", "p.json"],
    ] {
        let o = run_limited(dir.path(), args, LIMIT);
        assert_eq!(survived(&o, "run"), 0, "{args:?}: {}", err(&o));
        let text = stdout(&o);
        let shown = if args.contains(&"reengineer") {
            err(&o)
        } else {
            text.clone()
        };
        assert!(
            !has_hidden(&shown),
            "{args:?} let a control through: {shown:?}"
        );
        assert!(!has_hidden(&err(&o)), "{args:?} stderr: {:?}", err(&o));
    }
    let o = run_limited(dir.path(), &["analyze", "p.json"], LIMIT);
    assert!(
        stdout(&o).contains("\\u{1b}"),
        "shown visibly: {}",
        stdout(&o)
    );
    // In a diagnostic: a raw ESC inside a JSON string (not allowed: a located error whose
    // snippet is the offending line), and an unknown actor quoted in the message.
    fs::write(
        dir.path().join("bad.json"),
        "{\"procedure\": {\"code\": \"1.2\", \"name\": \"a\u{1b}]0;title\u{7}\u{202e}b\"}}",
    )
    .unwrap();
    let bad_actor = named("1.3", "Tên", "gt")
        .replace("\"actor\": \"cd\"", "\"actor\": \"x\\u001b[31m\u{202e}\"");
    fs::write(dir.path().join("actor.json"), bad_actor).unwrap();
    for f in ["bad.json", "actor.json"] {
        let o = run_limited(dir.path(), &["check", f], LIMIT);
        assert_eq!(survived(&o, f), 2, "{}", err(&o));
        assert!(!has_hidden(&err(&o)), "{f}: {:?}", err(&o));
        assert!(!has_hidden(&stdout(&o)), "{f}: {:?}", stdout(&o));
    }
}

/// Case 4: a chain of 4,000 groups, each including the next, neither overflows the stack nor
/// is resolved: the include past the depth limit is a located error.
#[test]
fn a_chain_of_4000_includes_is_refused_at_the_depth_limit() {
    let dir = temp();
    let n = 4000;
    for i in 0..n {
        let member = if i + 1 == n {
            "p.json".to_owned()
        } else {
            format!("g{}.json", i + 1)
        };
        fs::write(
            dir.path().join(format!("g{i}.json")),
            format!(r#"{{"group": {{"code": "G{i}", "name": "Nhóm", "procedures": [{{"include": "{member}"}}]}}}}"#),
        )
        .unwrap();
    }
    fs::write(dir.path().join("p.json"), procedure(r#""1.1""#)).unwrap();
    let o = run_limited(dir.path(), &["check", "g0.json"], LIMIT);
    assert_eq!(survived(&o, "check"), 2, "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("nested groups") && e.contains("QT016"), "{e}");
    // Located: file, line and column of the include that goes too deep.
    assert!(e.contains(".json:1:"), "{e}");
    // Each file of the chain read at most once (64 deep, then it stops).
    assert!(counter(&o, "files_read") <= 70, "{e}");
}

/// Case 5: 40 group files, each including the next two (a chain of diamonds), load in linear
/// work: each file is read once (it was once per path, 2^40 paths).
#[test]
fn a_diamond_of_includes_reads_each_file_once() {
    let dir = temp();
    let n = 40;
    for i in 0..n {
        let members: Vec<String> = [i + 1, i + 2]
            .iter()
            .map(|&j| {
                if j >= n {
                    format!(r#"{{"include": "p{}.json"}}"#, j - n)
                } else {
                    format!(r#"{{"include": "g{j}.json"}}"#)
                }
            })
            .collect();
        fs::write(
            dir.path().join(format!("g{i}.json")),
            format!(
                r#"{{"group": {{"code": "G{i}", "name": "Nhóm", "procedures": [{}]}}}}"#,
                members.join(", ")
            ),
        )
        .unwrap();
    }
    for k in 0..2 {
        fs::write(
            dir.path().join(format!("p{k}.json")),
            procedure(&format!("\"1.{k}\"")),
        )
        .unwrap();
    }
    let o = run_limited(dir.path(), &["check", "g0.json"], LIMIT);
    assert_eq!(survived(&o, "check"), 0, "{}", err(&o));
    // g0 as the input, g1…g39 and p0, p1 by includes: 42 files, each once.
    assert_eq!(counter(&o, "files_read"), 42, "{}", err(&o));
    assert!(stdout(&o).contains("1 group"), "{}", stdout(&o));
}

/// Case 6: `-o TARGET --force` never replaces a symbolic link, a FIFO or a device; neither
/// does `render -o DIR` write through a link inside the folder.
#[cfg(unix)]
#[test]
fn outputs_refuse_links_fifos_and_devices_even_with_force() {
    let dir = temp();
    fs::write(dir.path().join("p.json"), named("1.1", "Tên", "gt")).unwrap();
    fs::write(dir.path().join("precious.txt"), "giữ nguyên").unwrap();
    std::os::unix::fs::symlink("precious.txt", dir.path().join("link.json")).unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.path().join("dev.json")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(dir.path().join("fifo.json"))
        .status()
        .is_ok_and(|s| s.success());
    let mut targets = vec!["link.json", "dev.json"];
    if fifo {
        targets.push("fifo.json");
    }
    for t in targets {
        let o = run_limited(
            dir.path(),
            &["reengineer", "-o", t, "--force", "p.json"],
            LIMIT,
        );
        refused(&o, t, &["will not write"]);
        let meta = fs::symlink_metadata(dir.path().join(t)).unwrap();
        assert!(
            !meta.file_type().is_file(),
            "{t} was replaced by a regular file"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
        "giữ nguyên"
    );
    // A link in the output folder, where a diagram would go.
    fs::create_dir(dir.path().join("out")).unwrap();
    std::os::unix::fs::symlink("../precious.txt", dir.path().join("out/1.1.dot")).unwrap();
    let o = run_limited(dir.path(), &["render", "-o", "out", "p.json"], LIMIT);
    refused(&o, "out/1.1.dot", &["symbolic link"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
        "giữ nguyên"
    );
}

/// Case 7: `render --check` reads the committed diagrams through the input layer: a link to
/// /dev/zero or a FIFO is reported, never read (no gigabytes, no hang).
#[cfg(unix)]
#[test]
fn render_check_never_reads_devices_or_fifos() {
    let dir = temp();
    fs::write(dir.path().join("p.json"), procedure(r#""1.1""#)).unwrap();
    fs::write(dir.path().join("q.json"), procedure(r#""1.2""#)).unwrap();
    let o = run_limited(
        dir.path(),
        &["render", "-o", "out", "p.json", "q.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "render"), 0, "{}", err(&o));
    fs::remove_file(dir.path().join("out/1.1.dot")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("out/1.1.dot")).unwrap();
    fs::remove_file(dir.path().join("out/1.2.dot")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(dir.path().join("out/1.2.dot"))
        .status()
        .is_ok_and(|s| s.success());
    let o = run_limited(
        dir.path(),
        &["render", "--check", "-o", "out", "p.json", "q.json"],
        LIMIT,
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("out/1.1.dot") && e.contains("not a regular file"),
        "{e}"
    );
    if fifo {
        assert!(e.contains("out/1.2.dot"), "{e}");
    }
    assert!(counter(&o, "bytes_read") < 1 << 20, "{e}");
}

/// The mdBook input for one chapter of `content`, in a book at `root`.
fn book(root: &Path, content: &str, table: &str) -> String {
    let content = serde_json::to_string(content).unwrap();
    format!(
        r#"[{{"root": {root}, "config": {{"book": {{"src": "src"}}, "preprocessor": {{"quytrinh": {{"command": "quytrinh mdbook"{table}}}}}}}, "renderer": "html", "mdbook_version": "0.5.4"}},
  {{"items": [{{"Chapter": {{"name": "A", "content": {content}, "number": [1], "sub_items": [], "path": "a.md", "source_path": "a.md", "parent_names": []}}}}]}}]"#,
        root = serde_json::to_string(root.to_str().unwrap()).unwrap()
    )
}

/// Case 8: the mdBook preprocessor reads only inside the book (or its `read-root`): an absolute
/// path, `../..`, a folder and a FIFO are refused without quoting them; an `include` of a file
/// that is not a model never quotes that file.
#[cfg(unix)]
#[test]
fn mdbook_reads_only_inside_its_root_and_never_quotes_foreign_files() {
    let dir = temp();
    let root = dir.path().join("book");
    fs::create_dir_all(root.join("src")).unwrap();
    fs::write(dir.path().join("secret.json"), "SECRET-LINE: not a model\n").unwrap();
    for path in [
        "/etc/passwd",
        "../../secret.json",
        "/usr",
        "../../../../../../etc/hostname",
    ] {
        let input = book(&root, &format!("```quytrinh\n{path}\n```\n"), "");
        let o = run_with(dir.path(), &["mdbook"], &[], Some(input.as_bytes()), LIMIT);
        assert_eq!(survived(&o, path), 2, "{path}: {}", err(&o));
        let e = err(&o);
        assert!(
            e.contains("outside") || e.contains("no such file"),
            "{path}: {e}"
        );
        assert!(
            !e.contains("root:") && !e.contains("SECRET-LINE"),
            "{path}: {e}"
        );
    }
    let made = Command::new("mkfifo")
        .arg(root.join("src/pipe.json"))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let input = book(&root, "```quytrinh\npipe.json\n```\n", "");
        let o = run_with(dir.path(), &["mdbook"], &[], Some(input.as_bytes()), LIMIT);
        assert_eq!(survived(&o, "fifo"), 2, "{}", err(&o));
        assert!(err(&o).contains("not a regular file"), "{}", err(&o));
    }
    // A group's include of a file that is not a model: its first line is never shown.
    fs::write(dir.path().join("notes.json"), "SECRET-LINE and more\n").unwrap();
    fs::write(
        dir.path().join("group.json"),
        r#"{"group": {"code": "LT", "name": "Nhóm", "procedures": [{"include": "notes.json"}]}}"#,
    )
    .unwrap();
    let o = run_limited(dir.path(), &["check", "group.json"], LIMIT);
    assert_eq!(survived(&o, "group"), 2, "{}", err(&o));
    assert!(!err(&o).contains("SECRET-LINE"), "{}", err(&o));
    assert!(
        err(&o).contains("not a procedure or group file"),
        "{}",
        err(&o)
    );
    let o = run_limited(dir.path(), &["check", "notes.json"], LIMIT);
    assert_eq!(survived(&o, "notes"), 2, "{}", err(&o));
    assert!(!err(&o).contains("SECRET-LINE"), "{}", err(&o));
}

/// Case 9: an empty or blank step name, actor name or flow label is refused by `check`, each
/// located, instead of passing and then breaking Graphviz.
#[test]
fn blank_names_and_labels_are_refused_where_they_are() {
    let dir = temp();
    let text = named("1.1", "Tên", "gt")
        .replacen(
            "\"name\": \"Tên\", \"role\": \"applicant\"",
            "\"name\": \"\", \"role\": \"applicant\"",
            1,
        )
        .replacen(
            "\"id\": \"xl\", \"name\": \"Xử lý\"",
            "\"id\": \"xl\", \"name\": \"  \u{3000}\u{200b} \"",
            1,
        )
        .replacen("\"label\": \"Tên\"", "\"label\": \" \"", 1);
    fs::write(dir.path().join("p.json"), text).unwrap();
    let o = run_limited(dir.path(), &["check", "p.json"], LIMIT);
    refused(
        &o,
        "p.json",
        &[
            "actor name shows nothing",
            "step name shows nothing",
            "flow label shows nothing",
        ],
    );
    let e = err(&o);
    assert!(e.matches("p.json:").count() >= 3, "each is located: {e}");
}

/// A procedure with `n` steps, each linked to every later one (n·(n−1)/2 flows).
fn complete(code: &str, n: usize) -> String {
    let steps: Vec<String> = (0..n)
        .map(|i| {
            let (actor, action) = match i {
                0 => ("cd", "submit"),
                _ if i + 1 == n => ("mc", "return_result"),
                _ => ("mc", "process"),
            };
            format!(r#"{{"id": "s{i}", "name": "B{i}", "actor": "{actor}", "action": "{action}", "channel": "online"}}"#)
        })
        .collect();
    let mut flows = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            flows.push(format!(r#"{{"from": "s{i}", "to": "s{j}"}}"#));
        }
    }
    format!(
        r#"{{"procedure": {{"code": "{code}", "name": "Đầy", "published": true, "forms_downloadable": true,
  "actors": [{{"id": "cd", "name": "Công dân", "role": "applicant"}}, {{"id": "mc", "name": "Một cửa", "role": "agency"}}],
  "steps": [{}], "flows": [{}]}}}}"#,
        steps.join(","),
        flows.join(",")
    )
}

/// Case 10: Graphviz runs under a guard: a diagram over the size limit is refused before
/// layout (no `dot` run), a layout over the time limit is stopped with a message naming the
/// model, and `dot` does not outlive an interrupted quytrinh.
#[cfg(unix)]
#[test]
fn graphviz_is_guarded_by_size_time_and_interrupts() {
    if !dot_available("this test") {
        return;
    }
    let dir = temp();
    fs::write(dir.path().join("big.json"), complete("9.1", 210)).unwrap();
    let o = run_limited(
        dir.path(),
        &["render", "--format", "svg", "big.json"],
        LIMIT,
    );
    refused(&o, "9.1", &["too large", "edges"]);
    assert_eq!(counter(&o, "dot_layouts"), 0, "{}", err(&o));

    // 60 steps, 1,770 flows: `dot` takes minutes; the limit of 1 s stops it.
    fs::write(dir.path().join("slow.json"), complete("9.2", 60)).unwrap();
    let o = run_limited(
        dir.path(),
        &[
            "render",
            "--format",
            "svg",
            "--no-cache",
            "--dot-timeout",
            "1",
            "slow.json",
        ],
        LIMIT,
    );
    refused(&o, "9.2", &["longer than 1 s", "--dot-timeout"]);
    assert_eq!(counter(&o, "dot_layouts"), 1, "{}", err(&o));

    // Interrupted: quytrinh's `dot` child goes with it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_quytrinh"))
        .args(["render", "--format", "svg", "--no-cache", "slow.json"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let children = |pid: u32| -> Vec<u32> {
        fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    };
    let mut dot_pid = None;
    for _ in 0..1000 {
        if let Some(&p) = children(child.id()).first() {
            dot_pid = Some(p);
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let dot_pid = dot_pid.expect("quytrinh started dot");
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    // The hang guard: `dot` must be gone (it would run for minutes otherwise).
    let mut gone = false;
    for _ in 0..500 {
        let state = fs::read_to_string(format!("/proc/{dot_pid}/stat")).unwrap_or_default();
        if state.is_empty() || state.contains(") Z") {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(gone, "dot ({dot_pid}) outlived quytrinh");
}

/// A procedure of `n` steps, every other one the applicant's in person with a paper document:
/// a change per step for re-engineering. Of those documents, two in three are held by a
/// database (looked up: dropped from the dossier and from their step), one in seven is a
/// paper original the law requires (kept, with a note on its step), and one step in five is
/// named "at the one-stop counter" (renamed when it goes online).
fn many_changes(n: usize) -> String {
    let acts = ["appear", "supplement", "pay"];
    let mut steps = Vec::new();
    let mut docs = Vec::new();
    for i in 0..n {
        let (actor, action) = if i == 0 {
            ("cd", "submit")
        } else if i + 1 == n {
            ("mc", "return_result")
        } else if i % 2 == 1 {
            ("cd", acts[i % 3])
        } else {
            ("mc", "process")
        };
        let doc = if actor == "cd" {
            let held = if i % 7 == 0 {
                r#", "required_by": "Điều 9 Luật thử""#
            } else if i % 3 != 0 {
                r#", "available_from": "CSDL quốc gia về dân cư""#
            } else {
                ""
            };
            docs.push(format!(
                r#"{{"id": "d{i}", "name": "Giấy {i}", "form": "paper"{held}}}"#
            ));
            format!(r#", "documents": ["d{i}"]"#)
        } else {
            String::new()
        };
        let place = if i % 5 == 1 {
            " tại Bộ phận Một cửa"
        } else {
            ""
        };
        steps.push(format!(
            r#"{{"id": "s{i}", "name": "Bước {i}{place}", "actor": "{actor}", "action": "{action}", "channel": "in_person"{doc}}}"#
        ));
    }
    format!(
        r#"{{"procedure": {{"code": "1.1", "name": "Dài", "published": true, "forms_downloadable": true,
  "actors": [{{"id": "cd", "name": "Công dân", "role": "applicant"}}, {{"id": "mc", "name": "Một cửa", "role": "agency"}}],
  "documents": [{}], "steps": [{}]}}}}"#,
        docs.join(","),
        steps.join(",")
    )
}

/// Case 11: re-engineering is linear in the steps: four times the steps, at most about four
/// times the entries looked at (a search per change made it sixteen). The counter counts the
/// entries of every list re-engineering walks (steps, documents, changes, kept blockers).
/// Before 2026-12-02 the look-ups, the renames and the kept notes each searched a whole list
/// per change without counting it, and the analysis counted the trips again per blocker:
/// 20,000 steps took 10 times the CPU of 5,000 (and 22 times with the look-ups) while the
/// counter grew 4 times.
#[test]
fn reengineering_work_grows_linearly_with_the_steps() {
    let dir = temp();
    let mut visits = Vec::new();
    for n in [1000, 4000] {
        fs::write(dir.path().join(format!("p{n}.json")), many_changes(n)).unwrap();
        let o = run_limited(dir.path(), &["reengineer", &format!("p{n}.json")], LIMIT);
        assert_eq!(survived(&o, "reengineer"), 0, "{}", err(&o));
        visits.push(counter(&o, "reengineer_visits"));
    }
    let (small, large) = (visits[0], visits[1]);
    assert!(small >= 1000, "{visits:?}");
    assert!(large <= small * 5, "not linear: {visits:?}");
}

/// Runs `quytrinh` under `sh -c "umask 022; …"` or another shell prefix.
fn sh(dir: &Path, prefix: &str, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_quytrinh");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    Command::new("sh")
        .arg("-c")
        .arg(format!("{prefix} '{bin}' {}", quoted.join(" ")))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .output()
        .unwrap()
}

/// Case 12: files are written with the ordinary mode: 0666 less the umask, never 0600.
#[cfg(unix)]
#[test]
fn outputs_honour_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = temp();
    fs::write(dir.path().join("p.json"), named("1.1", "Tên", "gt")).unwrap();
    let mode = |p: &str| {
        fs::metadata(dir.path().join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let o = sh(dir.path(), "umask 022;", &["render", "-o", "out", "p.json"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(mode("out/1.1.dot"), 0o644);
    let o = sh(
        dir.path(),
        "umask 002;",
        &["reengineer", "-o", "to-be.json", "p.json"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(mode("to-be.json"), 0o664);
    if dot_available("this test") {
        let o = sh(dir.path(), "umask 022;", &["report", "-o", "rep", "p.json"]);
        assert!(o.status.success(), "{}", err(&o));
        assert_eq!(mode("rep/report.md"), 0o644);
        assert_eq!(mode("rep/1.1.svg"), 0o644);
    }
}

/// Case 13: on a full disk (a file-size limit, `prlimit --fsize`) a set of files is written
/// all or nothing, and the failure is said: no subset of the diagrams, no SVGs without
/// report.md.
#[cfg(unix)]
#[test]
fn a_full_disk_leaves_all_or_nothing_and_says_so() {
    if Command::new("prlimit").arg("--version").output().is_err() {
        return;
    }
    let dir = temp();
    // Small procedures, and one whose diagram is far over the limit.
    for i in 0..5 {
        fs::write(
            dir.path().join(format!("p{i}.json")),
            procedure(&format!("\"1.{i}\"")),
        )
        .unwrap();
    }
    fs::write(dir.path().join("z.json"), chain("9.9", 400)).unwrap();
    let inputs = [
        "p0.json", "p1.json", "p2.json", "p3.json", "p4.json", "z.json",
    ];
    let mut args = vec!["render", "-o", "out"];
    args.extend(inputs);
    let o = sh(dir.path(), "prlimit --fsize=40000", &args);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("cannot write") && e.contains("nothing was written"),
        "{e}"
    );
    let written: Vec<_> = fs::read_dir(dir.path().join("out"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "a partial set was left: {written:?}");

    if dot_available("this test") {
        // report.md is the large file: the SVGs must not be left without it.
        let many: Vec<String> = (0..40).map(|i| format!("r{i}.json")).collect();
        for (i, f) in many.iter().enumerate() {
            fs::write(
                dir.path().join(f),
                named(&format!("2.{i}"), "Tên thủ tục khá dài", "gt"),
            )
            .unwrap();
        }
        let mut args = vec!["report", "-o", "rep"];
        args.extend(many.iter().map(String::as_str));
        let o = sh(dir.path(), "prlimit --fsize=60000", &args);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        let written: Vec<_> = fs::read_dir(dir.path().join("rep"))
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(written.is_empty(), "SVGs without report.md: {written:?}");
    }
}

/// Case 14: `render --compare -o` keeps `.compare` in the file name whatever the code's
/// length, so it never overwrites the plain diagram.
#[test]
fn a_long_code_keeps_the_compare_suffix() {
    let dir = temp();
    let code = "9.".repeat(70);
    fs::write(dir.path().join("p.json"), named(&code, "Tên", "gt")).unwrap();
    let o = run_limited(
        dir.path(),
        &["reengineer", "-o", "to-be.json", "p.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "reengineer"), 0, "{}", err(&o));
    let o = run_limited(dir.path(), &["render", "-o", "out", "p.json"], LIMIT);
    assert_eq!(survived(&o, "render"), 0, "{}", err(&o));
    let o = run_limited(
        dir.path(),
        &["render", "--compare", "-o", "out", "p.json", "to-be.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "render --compare"), 0, "{}", err(&o));
    let mut names: Vec<String> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with(".compare.dot")),
        "{names:?}"
    );
}

/// Case 15: a symbolic link to a sibling folder is not a loop: no error, each file read once.
#[cfg(unix)]
#[test]
fn a_link_to_a_sibling_folder_is_not_a_loop() {
    let dir = temp();
    let root = dir.path().join("catalog");
    fs::create_dir_all(root.join("a")).unwrap();
    fs::write(root.join("a/p.json"), procedure(r#""1.1""#)).unwrap();
    std::os::unix::fs::symlink("a", root.join("b")).unwrap();
    let o = run_limited(dir.path(), &["check", "catalog"], LIMIT);
    assert_eq!(survived(&o, "check"), 0, "{}", err(&o));
    assert!(!err(&o).contains("loop"), "{}", err(&o));
    assert!(stdout(&o).contains("1 procedure"), "{}", stdout(&o));
}

/// Case 16: durations whose sum would overflow are refused; the largest accepted keep every
/// sum finite (never `inf ngày` or `critical_path_days: null`).
#[test]
fn durations_and_their_sums_stay_finite() {
    let dir = temp();
    let huge = chain("1.1", 3).replace("\"duration_days\": 0.5", "\"duration_days\": 1e308");
    fs::write(dir.path().join("huge.json"), huge).unwrap();
    let o = run_limited(dir.path(), &["check", "huge.json"], LIMIT);
    refused(&o, "huge.json", &["duration_days", "more than"]);
    let big = chain("1.2", 3).replace("\"duration_days\": 0.5", "\"duration_days\": 100000");
    fs::write(dir.path().join("big.json"), big).unwrap();
    let o = run_limited(
        dir.path(),
        &["analyze", "--format", "json", "big.json"],
        LIMIT,
    );
    assert_eq!(survived(&o, "analyze"), 0, "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["procedures"][0]["critical_path_days"], 300_000.0);
    let o = run_limited(dir.path(), &["analyze", "big.json"], LIMIT);
    assert!(!stdout(&o).contains("inf"), "{}", stdout(&o));
}

/// Case 17: the mdBook preprocessor replaces only real ```quytrinh blocks (not inside `~~~`
/// fences or indented code), and its second run draws nothing: 300 blocks of three files,
/// three `dot` layouts the first time, none the second (the cache).
#[test]
fn mdbook_blocks_are_real_fences_and_a_second_build_draws_nothing() {
    if !dot_available("this test") {
        return;
    }
    let dir = temp();
    let root = dir.path().join("book");
    fs::create_dir_all(root.join("src")).unwrap();
    for i in 0..3 {
        fs::write(
            root.join(format!("src/p{i}.json")),
            procedure(&format!("\"1.{i}\"")),
        )
        .unwrap();
    }
    let mut content = String::from(
        "~~~\n```quytrinh\np0.json\n```\n~~~\n\n    ```quytrinh\n    p1.json\n    ```\n\n",
    );
    for i in 0..300 {
        content.push_str(&format!("```quytrinh\np{}.json\n```\n\n", i % 3));
    }
    let input = book(&root, &content, "");
    let cache = dir.path().join("cache");
    let env = [("XDG_CACHE_HOME", cache.to_str().unwrap())];
    let first = run_with(dir.path(), &["mdbook"], &env, Some(input.as_bytes()), LIMIT);
    assert_eq!(survived(&first, "mdbook"), 0, "{}", err(&first));
    assert_eq!(counter(&first, "dot_layouts"), 3, "{}", err(&first));
    let second = run_with(dir.path(), &["mdbook"], &env, Some(input.as_bytes()), LIMIT);
    assert_eq!(survived(&second, "mdbook"), 0, "{}", err(&second));
    assert_eq!(counter(&second, "dot_layouts"), 0, "{}", err(&second));
    assert_eq!(counter(&second, "cache_hits"), 300, "{}", err(&second));
    assert_eq!(first.stdout, second.stdout, "the cache gives the same book");
    let out: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    let text = out["items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(
        text.starts_with(
            "~~~\n```quytrinh\np0.json\n```\n~~~\n\n    ```quytrinh\n    p1.json\n    ```\n"
        ),
        "{text:.300}"
    );
    assert_eq!(text.matches("<svg").count(), 300);
}

/// Case 18: `check` never says "ok" for a file whose group include failed.
#[test]
fn check_never_says_ok_for_a_group_whose_include_failed() {
    let dir = temp();
    fs::write(
        dir.path().join("a.json"),
        r#"{"group": {"code": "LT", "name": "Nhóm", "procedures": [{"include": "b.json"}]}}"#,
    )
    .unwrap();
    fs::write(dir.path().join("b.json"), procedure("1")).unwrap();
    let o = run_limited(dir.path(), &["check", "a.json"], LIMIT);
    assert_eq!(survived(&o, "check"), 2, "{}", err(&o));
    let out = stdout(&o);
    assert!(!out.contains("ok     a.json"), "{out}");
    assert!(out.contains("error  a.json"), "{out}");
}
