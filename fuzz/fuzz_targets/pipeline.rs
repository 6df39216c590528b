//! Bytes → load → (if it loads) analyse with both field-verification policies → render DOT of
//! every procedure and group → parse the DOT back with graphviz_rust::parse. The first byte
//! picks `.json` (even) or `.jsonl` (odd); the rest is the file.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = if first % 2 == 0 {
        "in.json"
    } else {
        "in.jsonl"
    };
    let loaded = common::load(name, rest);
    common::pipeline(&loaded);
});
