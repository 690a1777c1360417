// Shared by the targets: read `data` as `format` under a 2 s work budget (as the pipeline
// would), then run the finder and checks on what was read.
use budget_extract::read::{self, Format};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

pub fn read_and_find(data: &[u8], format: Format) {
    let _budget = read::budget::install(
        Some(Instant::now() + Duration::from_secs(2)),
        read::limits::MAX_WORK_PER_FILE,
        Arc::new(AtomicBool::new(false)),
    );
    if let Ok(doc) = read::read(data, format) {
        let found = budget_extract::find::find(&doc, "fuzz");
        let _ = budget_extract::validate::validate(&found.report, &found.tables, &doc);
    }
}
