//! Throughput of the whole extraction (read → find → validate → JSON) per input format, in
//! pages (PDF) or sheets/tables per second, on the committed samples.
//! Run: `cargo bench --bench extract`. Peak memory and the comparison with `pdftotext -layout`
//! are in scripts/bench.sh (they need whole processes).

use budget_extract::discover::{Input, InputSource};
use budget_extract::{emit, pipeline, read};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::PathBuf;

fn inputs(ext: &str) -> Vec<(Input, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == ext));
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let input = Input {
                display: p.display().to_string(),
                output_stem: PathBuf::from(p.file_name().unwrap()),
                source: InputSource::File(p),
            };
            (input, bytes)
        })
        .collect()
}

fn bench_format(c: &mut Criterion, ext: &str) {
    let files = inputs(ext);
    if files.is_empty() {
        return;
    }
    // Pages for PDFs, sheets for workbooks, one unit per document otherwise.
    let units: u64 = files
        .iter()
        .map(|(_, b)| {
            read::read(b, read::sniff(b))
                .ok()
                .and_then(|d| d.pages)
                .unwrap_or(1) as u64
        })
        .sum();
    let mut group = c.benchmark_group(format!("extract_{ext}"));
    group.throughput(Throughput::Elements(units));
    group.sample_size(10);
    group.bench_function(
        format!("{} files, {units} pages/sheets", files.len()),
        |b| {
            b.iter(|| {
                for (input, bytes) in &files {
                    let rec = pipeline::process_bytes(input, bytes);
                    std::hint::black_box(emit::to_json(&rec));
                }
            })
        },
    );
    group.finish();
}

fn benches(c: &mut Criterion) {
    for ext in ["pdf", "xlsx", "xls", "docx"] {
        bench_format(c, ext);
    }
}

criterion_group!(extract, benches);
criterion_main!(extract);
