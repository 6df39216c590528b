//! Arbitrary bytes loaded as a `.jsonl` catalogue (one document per line).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = common::load("in.jsonl", data);
});
