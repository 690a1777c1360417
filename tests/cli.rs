//! The command as a nightly job uses it: exit codes, one record per input (zip members too),
//! no partial files, deterministic output, incremental skips, quiet logs.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budget-extract"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A batch directory: two good samples and the broken-input zip (one damaged member).
fn batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "samples/000_yangcheng_2024_final.xlsx",
        "samples/004_yangquan_2026_budget.docx",
    ] {
        std::fs::copy(
            root().join(f),
            dir.path().join(Path::new(f).file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::create_dir(dir.path().join("portal")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/bad/bundle_two_samples_one_broken.zip"),
        dir.path().join("portal/bundle.zip"),
    )
    .unwrap();
    dir
}

fn records(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(out);
    v.sort();
    v
}

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            v.extend(walk(&path));
        } else {
            v.push(path);
        }
    }
    v
}

#[test]
fn batch_with_an_unreadable_member_exits_1_and_writes_every_record() {
    let input = batch();
    let out = tempfile::tempdir().unwrap();
    let run = bin()
        .arg(input.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files = records(out.path());
    let names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(out.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        vec![
            "000_yangcheng_2024_final.xlsx.json",
            "004_yangquan_2026_budget.docx.json",
            "portal/bundle.zip/004_yangquan_2026_budget_cidfont.pdf.json",
            "portal/bundle.zip/阳城县应急管理局2024年度决算公开.xlsx.json",
            "portal/bundle.zip/附件3-损坏.pdf.json",
        ]
    );
    // The summary line is the only thing printed (stderr is not a terminal here: no bar).
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("5 reports") && stderr.contains("1 unreadable"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn runs_are_deterministic_and_incremental_runs_skip_unchanged_inputs() {
    let input = batch();
    let out1 = tempfile::tempdir().unwrap();
    let out2 = tempfile::tempdir().unwrap();
    for out in [&out1, &out2] {
        bin()
            .arg(input.path())
            .arg("-o")
            .arg(out.path())
            .arg("-q")
            .arg("-j")
            .arg("2")
            .output()
            .unwrap();
    }
    let (a, b) = (records(out1.path()), records(out2.path()));
    assert_eq!(a.len(), 5);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{} differs between runs",
            x.display()
        );
    }
    let incremental = || {
        let run = bin()
            .arg(input.path())
            .arg("-o")
            .arg(out1.path())
            .arg("--incremental")
            .output()
            .unwrap();
        String::from_utf8_lossy(&run.stderr).to_string()
    };
    let stderr = incremental();
    assert!(stderr.contains("5 unchanged, skipped"), "{stderr}");
    // A changed input is processed again.
    std::fs::copy(
        root().join("samples/003_jinzhong_2020_performance.xlsx"),
        input.path().join("000_yangcheng_2024_final.xlsx"),
    )
    .unwrap();
    let stderr = incremental();
    assert!(stderr.contains("4 unchanged, skipped"), "{stderr}");
}

#[test]
fn quiet_good_run_exits_0_and_prints_nothing() {
    let out = tempfile::tempdir().unwrap();
    let run = bin()
        .arg(root().join("samples/000_yangcheng_2024_final.xlsx"))
        .arg("-o")
        .arg(out.path())
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(run.stderr.is_empty() && run.stdout.is_empty());
    // Only the record: no temporary files left behind by the atomic write.
    assert_eq!(records(out.path()).len(), 1);
}

#[test]
fn unwritable_output_is_a_run_failure() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let run = bin()
        .arg(root().join("samples"))
        .arg("-o")
        .arg(file.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot create output directory"));
}
