//! Print the document model of one file as JSON (debugging aid for readers and the finder).
//! `cargo run --example dump_doc -- samples/x.xlsx`

fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_doc FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    match budget_extract::read::read(&bytes, budget_extract::read::sniff(&bytes)) {
        Ok(doc) => println!(
            "{}",
            serde_json::to_string_pretty(&doc).expect("serializable")
        ),
        Err(e) => eprintln!("{path}: {e}"),
    }
}
