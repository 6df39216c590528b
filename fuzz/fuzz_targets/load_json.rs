//! Arbitrary bytes loaded as one `.json` document through the Loader, with an in-memory file
//! system that also serves include targets (`member.json`, `sub/group.json`, `dir`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = common::load("in.json", data);
});
