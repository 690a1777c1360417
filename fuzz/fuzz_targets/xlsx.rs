#![no_main]
//! The xlsx reader (and the finder and checks on what it reads) on arbitrary bytes.
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_and_find(data, budget_extract::read::Format::Xlsx);
});
