//! Include graphs (issue 17): the bytes describe up to 12 files, each a procedure or a group
//! including up to three others (by path, by code, a missing file, a folder, a path above the
//! folder), in one folder or a sub-folder: cycles, diamonds, chains and self-includes. The
//! Loader must resolve them without a panic or a stack overflow, read each file at most once,
//! list each member once, and every diagnostic must render for the terminal without a control
//! character.
#![no_main]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bytes = data.iter().copied();
    let n = 1 + usize::from(bytes.next().unwrap_or(0)) % 12;
    let path_of = |i: usize| {
        if i % 3 == 2 {
            format!("fuzz/sub/g{i}.json")
        } else {
            format!("fuzz/g{i}.json")
        }
    };
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("fuzz/member.json"),
        common::MEMBER.as_bytes().to_vec(),
    );
    for i in 0..n {
        let kind = bytes.next().unwrap_or(0);
        let text = if kind % 7 == 0 {
            common::MEMBER.replace("9.000001", &format!("9.{i}"))
        } else {
            let count = 1 + usize::from(kind % 3);
            let mut members = Vec::new();
            for _ in 0..count {
                let t = usize::from(bytes.next().unwrap_or(0)) % (n + 5);
                let target = if t < n {
                    // Relative to the including file's folder.
                    let from_sub = i % 3 == 2;
                    let to_sub = t % 3 == 2;
                    match (from_sub, to_sub) {
                        (false, false) | (true, true) => format!("g{t}.json"),
                        (false, true) => format!("sub/g{t}.json"),
                        (true, false) => format!("../g{t}.json"),
                    }
                } else {
                    match t - n {
                        0 => "member.json".to_owned(),
                        1 => "missing.json".to_owned(),
                        2 => "dir".to_owned(),
                        3 => "9.000001".to_owned(),
                        _ => "../../../etc/passwd".to_owned(),
                    }
                };
                members.push(format!(r#"{{"include": "{target}"}}"#));
            }
            format!(
                r#"{{"group": {{"code": "G{i}", "name": "Nhóm {i}", "procedures": [{}]}}}}"#,
                members.join(", ")
            )
        };
        files.insert(PathBuf::from(path_of(i)), text.into_bytes());
    }
    let fs = common::MemFs(files);
    let first = path_of(0);
    let text =
        fs.0.get(&PathBuf::from(&first))
            .cloned()
            .unwrap_or_default();
    let loaded = quytrinh::load::load_bytes_with(&fs, &first, Some(&PathBuf::from(&first)), &text);
    assert!(loaded.include_reads <= n + 1, "a file was read twice");
    for g in &loaded.catalog.groups {
        let mut seen = std::collections::HashSet::new();
        assert!(
            g.members.iter().all(|m| seen.insert(*m)),
            "a member listed twice"
        );
    }
    for d in &loaded.diagnostics {
        let shown = d.for_terminal().to_plain_string();
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
    }
});
