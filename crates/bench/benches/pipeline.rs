//! Benchmarks of the pipeline on generated catalogues (`quytrinh_gen::catalog`): load (parse
//! and validate every `.jsonl` record, resolve the groups), analyze, render DOT.
//!
//! `cargo bench -p quytrinh-bench`. The catalogues are generated once per size, outside the
//! measured code. The allocator is the one the `quytrinh` binary uses (mimalloc), so the
//! figures are those of the shipped tool.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use quytrinh_model::{Loaded, Loader, RealFs};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// The generated catalogue of `n` procedures (seed 1), made once.
fn text(n: usize) -> Arc<String> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Arc<String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(n)
        .or_insert_with(|| Arc::new(quytrinh_gen::catalog(n, 1)))
        .clone()
}

/// Loads a catalogue the way `quytrinh` loads a `.jsonl` file.
fn load(text: &str) -> Loaded {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    loader.add_bytes("bench.jsonl", None, text.as_bytes());
    loader.finish()
}

#[divan::bench(args = [1_000, 10_000], sample_count = 10, sample_size = 1)]
fn load_catalog(bencher: divan::Bencher<'_, '_>, n: usize) {
    let text = text(n);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| load(&text));
}

#[divan::bench(args = [10_000], sample_count = 10, sample_size = 1)]
fn analyze_catalog(bencher: divan::Bencher<'_, '_>, n: usize) {
    let loaded = load(&text(n));
    let config = quytrinh_analyze::Config::default();
    bencher.bench(|| quytrinh_analyze::analyze_catalog(&loaded.catalog, &config));
}

#[divan::bench(args = [10_000], sample_count = 10, sample_size = 1)]
fn analyze_to_json(bencher: divan::Bencher<'_, '_>, n: usize) {
    let loaded = load(&text(n));
    let report = quytrinh_analyze::analyze_catalog(&loaded.catalog, &Default::default());
    bencher.bench(|| serde_json::to_vec(&report).map(|v| v.len()).unwrap_or(0));
}

/// Every procedure and group drawn as DOT, without the analysis overlay.
#[divan::bench(args = [10_000], sample_count = 10, sample_size = 1)]
fn render_dot(bencher: divan::Bencher<'_, '_>, n: usize) {
    let loaded = load(&text(n));
    let catalog = &loaded.catalog;
    let options = quytrinh_render::Options::default();
    bencher.bench(|| {
        let mut bytes = 0;
        for p in &catalog.procedures {
            bytes += quytrinh_render::render_procedure(&p.procedure, None, &options).len();
        }
        for g in &catalog.groups {
            bytes += quytrinh_render::render_group(catalog, g, None, &options).len();
        }
        bytes
    });
}

/// [`render_dot`] on all cores, as `quytrinh render` draws them.
#[divan::bench(args = [10_000], sample_count = 10, sample_size = 1)]
fn render_dot_parallel(bencher: divan::Bencher<'_, '_>, n: usize) {
    use rayon::prelude::*;
    let loaded = load(&text(n));
    let catalog = &loaded.catalog;
    let options = quytrinh_render::Options::default();
    bencher.bench(|| {
        let procedures: usize = catalog
            .procedures
            .par_iter()
            .map(|p| quytrinh_render::render_procedure(&p.procedure, None, &options).len())
            .sum();
        let groups: usize = catalog
            .groups
            .par_iter()
            .map(|g| quytrinh_render::render_group(catalog, g, None, &options).len())
            .sum();
        procedures + groups
    });
}
