#![no_main]
//! Zip archives (member names, counts, sizes) through discovery and member loading: every
//! member stem must stay a relative path of plain, writable segments.
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::Builder::new().suffix(".zip").tempfile().unwrap();
    f.write_all(data).unwrap();
    let (inputs, _) = budget_extract::discover::discover(&[f.path().to_path_buf()]);
    for input in &inputs {
        for c in input.output_stem.components() {
            assert!(matches!(c, std::path::Component::Normal(_)), "{:?}", input.output_stem);
            let s = c.as_os_str().to_string_lossy();
            assert!(s.len() <= 200 && !s.chars().any(|ch| ch.is_control()), "{s:?}");
        }
        let _ = input.load(1 << 20);
    }
});
