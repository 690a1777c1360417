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

/// Files under `out`, sorted, without the run files (`_run.json`, `_manifest.jsonl`).
fn records(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(out)
        .into_iter()
        .filter(|p| {
            let run_file = p.parent() == Some(out)
                && ["_run.json", "_manifest.jsonl"]
                    .iter()
                    .any(|n| p.ends_with(n));
            !run_file
        })
        .collect();
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

// ---- Batch runs that lose nothing and account for everything (issue 8) ----

const XLSX: &str = "samples/000_yangcheng_2024_final.xlsx";
const DOCX: &str = "samples/004_yangquan_2026_budget.docx";

/// Run in `cwd` with `args`; (exit code, stderr).
fn run_in(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let run = bin().current_dir(cwd).args(args).output().unwrap();
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).to_string(),
    )
}

fn put(dir: &Path, rel: &str, sample: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::copy(root().join(sample), p).unwrap();
}

/// Record files under `out`, relative, without the run files.
fn record_names(out: &Path) -> Vec<String> {
    records(out)
        .iter()
        .map(|p| p.strip_prefix(out).unwrap().display().to_string())
        .filter(|n| n != "_run.json" && n != "_manifest.jsonl")
        .collect()
}

#[test]
fn inputs_with_one_file_name_get_distinct_records() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "a/x.xlsx", XLSX);
    put(d, "b/x.xlsx", DOCX);
    put(d, "c/x.xlsx", XLSX);
    put(d, "d/x.xlsx", DOCX);
    // Two files with one name.
    let (code, err) = run_in(d, &["a/x.xlsx", "b/x.xlsx", "-o", "out1", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        record_names(&d.join("out1")),
        ["a/x.xlsx.json", "b/x.xlsx.json"]
    );
    // Two directories that both hold x.xlsx.
    let (code, err) = run_in(d, &["c", "d", "-o", "out2", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        record_names(&d.join("out2")),
        ["c/x.xlsx.json", "d/x.xlsx.json"]
    );
    // `find | xargs` style: many explicit files, named the same whatever the batching.
    let (code, err) = run_in(
        d,
        &[
            "a/x.xlsx", "b/x.xlsx", "c/x.xlsx", "d/x.xlsx", "-o", "out3", "-q",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    for batch in [["a/x.xlsx", "b/x.xlsx"], ["c/x.xlsx", "d/x.xlsx"]] {
        let mut args = batch.to_vec();
        args.extend(["-o", "out4", "-q"]);
        assert_eq!(run_in(d, &args).0, Some(0));
    }
    assert_eq!(record_names(&d.join("out3")).len(), 4);
    assert_eq!(record_names(&d.join("out3")), record_names(&d.join("out4")));
    // The same file named twice is one input.
    let (code, _) = run_in(d, &["a/x.xlsx", "./a/x.xlsx", "a", "-o", "out5", "-q"]);
    assert_eq!(code, Some(0));
    assert_eq!(record_names(&d.join("out5")), ["a/x.xlsx.json"]);
}

#[test]
fn a_name_clash_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "in/x.xlsx", XLSX);
    put(d, "in/x.xlsx.json/y.docx", DOCX);
    let (code, err) = run_in(d, &["in", "-o", "out"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("would be the folder"), "{err}");
    assert!(record_names(&d.join("out")).is_empty());
    // Two different files that the naming rule maps to one name: `/x/..` style paths.
    put(d, "p/q/x.xlsx", XLSX);
    put(d, "q/x.xlsx", DOCX);
    let (code, err) = run_in(&d.join("p"), &["q/x.xlsx", "../q/x.xlsx", "-o", "../out2"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("would both be recorded as q/x.xlsx.json"),
        "{err}"
    );
}

#[test]
fn records_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "w/in/x.xlsx", XLSX);
    put(d, "w/y.docx", DOCX);
    let w = d.join("w");
    // Arguments ending in `..` and climbing out with `../`.
    let (code, err) = run_in(&w.join("in"), &["../in/..", "-o", "../out", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run_in(
        &w.join("in"),
        &["x.xlsx", "../in/..", "-o", "../out2", "-q"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        record_names(&w.join("out")),
        ["in/x.xlsx.json", "y.docx.json"]
    );
    assert_eq!(
        record_names(&w.join("out2")),
        ["in/x.xlsx.json", "x.xlsx.json", "y.docx.json"]
    );
    let outside: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(outside, ["w"]);
    // A symlink inside the output folder is not followed out of it.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(w.join("out3")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), w.join("out3/in")).unwrap();
    let (code, err) = run_in(&w, &["in", "y.docx", "-o", "out3"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("symlink"), "{err}");
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn record_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let out = dir.path().join(umask);
        let run = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_budget-extract"))
            .arg(root().join(XLSX))
            .arg("-o")
            .arg(&out)
            .arg("-q")
            .status()
            .unwrap();
        assert!(run.success());
        for f in records(&out) {
            let m = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
            assert_eq!(m, mode, "{} under umask {umask}", f.display());
        }
    }
}

fn manifest_lines(out: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(out.join("_manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn run_file(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("_run.json")).unwrap()).unwrap()
}

#[test]
fn the_manifest_and_run_file_account_for_every_input() {
    let input = batch();
    let out = tempfile::tempdir().unwrap();
    let (code, _) = run_in(
        input.path(),
        &[".", "-o", out.path().to_str().unwrap(), "-q"],
    );
    assert_eq!(code, Some(1));
    let lines = manifest_lines(out.path());
    assert_eq!(lines.len(), 5);
    for l in &lines {
        let rec: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join(l["record"].as_str().unwrap())).unwrap(),
        )
        .unwrap();
        assert_eq!(l["sha256"], rec["source"]["sha256"]);
        assert_eq!(l["input"], rec["source"]["path"]);
        assert_eq!(l["tables"], rec["tables"].as_array().unwrap().len());
        assert_eq!(l["checks_failed"], rec["summary"]["checks_failed"]);
        assert!(l["duration_ms"].is_u64() && l["build"].as_str().unwrap().contains('+'));
    }
    let broken = lines
        .iter()
        .find(|l| l["record"] == "portal/bundle.zip/附件3-损坏.pdf.json")
        .unwrap();
    assert_eq!(broken["status"], "unreadable");
    assert_eq!(broken["problem_codes"][0], "corrupt_file");
    let run = run_file(out.path());
    assert_eq!(run["kind"], "budget-extract run");
    assert_eq!(run["counts"]["inputs"], 5);
    assert_eq!(run["counts"]["ok"], 4);
    assert_eq!(run["counts"]["unreadable"], 1);
    assert_eq!(run["exit_code"], 1);
}

#[test]
fn incremental_runs_key_on_the_build_and_retry_failures() {
    let input = batch();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    run_in(input.path(), &[".", "-o", o, "-q"]);
    let (code, err) = run_in(input.path(), &[".", "-o", o, "--incremental"]);
    // The unreadable member is skipped as unchanged but still counts, and still exits 1.
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("5 unchanged, skipped") && err.contains("1 unreadable"),
        "{err}"
    );
    // Records of another build, and timeouts, are redone.
    let mut lines = manifest_lines(out.path());
    lines[0]["build"] = "0.0.1+0000000000000000".into();
    lines[1]["status"] = "timeout".into();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(out.path().join("_manifest.jsonl"), text).unwrap();
    let (_, err) = run_in(input.path(), &[".", "-o", o, "--incremental"]);
    assert!(err.contains("3 unchanged, skipped"), "{err}");
    let lines = manifest_lines(out.path());
    assert_eq!(lines[0]["skipped"], false);
    assert_eq!(lines[1]["status"], "ok");
    assert_eq!(lines[2]["skipped"], true);
}

#[test]
fn prune_removes_records_whose_inputs_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "in/a/x.xlsx", XLSX);
    put(d, "in/y.docx", DOCX);
    assert_eq!(run_in(d, &["in", "-o", "out", "-q"]).0, Some(0));
    std::fs::write(d.join("out/notes.json"), "{\"mine\": true}").unwrap();
    std::fs::remove_dir_all(d.join("in/a")).unwrap();
    let (_, err) = run_in(d, &["in", "-o", "out"]);
    assert!(err.contains("1 stale records"), "{err}");
    assert_eq!(
        run_file(&d.join("out"))["stale_records"][0],
        "a/x.xlsx.json"
    );
    let (code, err) = run_in(d, &["in", "-o", "out", "--prune"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(record_names(&d.join("out")), ["notes.json", "y.docx.json"]);
    assert!(!d.join("out/a").exists(), "the emptied folder is removed");
}

#[test]
fn bad_arguments_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("empty")).unwrap();
    for (arg, says) in [
        ("missing.pdf", "missing.pdf: No such file"),
        ("-", "standard input"),
        ("https://example.org/a.pdf", "URLs are not fetched"),
        ("*.pdf", "wildcard pattern"),
        ("empty", "no report files"),
    ] {
        let (code, err) = run_in(d, &[arg, "-o", "out"]);
        assert_eq!(code, Some(2), "{arg}: {err}");
        assert!(err.contains(says), "{arg}: {err}");
        assert!(!d.join("out").exists() || record_names(&d.join("out")).is_empty());
    }
}

#[test]
fn stale_temp_files_of_a_killed_run_are_removed() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("sub")).unwrap();
    for name in [".x.pdf.json.be-tmp.4000000000.7", "sub/.tmpAb12Cd"] {
        std::fs::write(out.path().join(name), "partial").unwrap();
    }
    let run = bin()
        .arg(root().join(XLSX))
        .arg("-o")
        .arg(out.path())
        .arg("-q")
        .status()
        .unwrap();
    assert!(run.success());
    assert!(records(out.path()).iter().all(|p| {
        let n = p.file_name().unwrap().to_string_lossy();
        !n.starts_with('.')
    }));
    assert_eq!(run_file(out.path())["stale_temp_files_removed"], 2);
}

#[test]
fn export_gives_every_amount_exactly() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    assert_eq!(
        run_in(&root(), &["samples", "-o", o.to_str().unwrap(), "-q"]).0,
        Some(0)
    );
    // Every non-null value of every record, as exact decimal text, keyed by where it is.
    let mut want = Vec::new();
    for f in records(o) {
        let name = f.strip_prefix(o).unwrap().display().to_string();
        if name.starts_with('_') {
            continue;
        }
        let rec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for t in rec["tables"].as_array().unwrap() {
            for (ri, row) in t["rows"].as_array().unwrap().iter().enumerate() {
                for (k, v) in row["values"].as_object().unwrap() {
                    if !v.is_null() {
                        let d: rust_decimal::Decimal = v.to_string().parse().unwrap();
                        want.push(format!(
                            "{name}|{}|{ri}|{k}|{}",
                            t["id"].as_str().unwrap(),
                            d.normalize()
                        ));
                    }
                }
            }
        }
    }
    let csv = o.join("amounts.csv");
    let (code, err) = run_in(
        &root(),
        &["export", o.to_str().unwrap(), "-o", csv.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (rec, tid, row, key, amount) = (
        col("record"),
        col("table_id"),
        col("row"),
        col("column"),
        col("amount"),
    );
    let mut got = Vec::new();
    for l in lines {
        // Test-sized CSV reader: the fields used here are never quoted in the samples.
        let cells = split_csv(l);
        got.push(format!(
            "{}|{}|{}|{}|{}",
            cells[rec], cells[tid], cells[row], cells[key], cells[amount]
        ));
    }
    want.sort();
    got.sort();
    assert!(want.len() > 1000);
    assert_eq!(got, want);
    // JSON Lines: the same number of amounts, amounts as exact strings.
    let (code, _) = run_in(
        &root(),
        &[
            "export",
            o.to_str().unwrap(),
            "--format",
            "jsonl",
            "-o",
            o.join("a.jsonl").to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0));
    let jl = std::fs::read_to_string(o.join("a.jsonl")).unwrap();
    assert_eq!(jl.lines().count(), want.len());
    let first: serde_json::Value = serde_json::from_str(jl.lines().next().unwrap()).unwrap();
    assert!(first["amount"].is_string());
    // Parquet: the same amounts, read back as DECIMAL, equal to the last digit.
    let pq = o.join("a.parquet");
    let (code, err) = run_in(
        &root(),
        &[
            "export",
            o.to_str().unwrap(),
            "--format",
            "parquet",
            "-o",
            pq.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let reader = parquet::file::serialized_reader::SerializedFileReader::new(
        std::fs::File::open(&pq).unwrap(),
    )
    .unwrap();
    let mut from_parquet = Vec::new();
    for row in reader {
        let row = row.unwrap();
        let mut key = Vec::new();
        for (name, field) in row.get_column_iter() {
            use parquet::record::Field;
            match (name.as_str(), field) {
                ("record" | "table_id" | "column", Field::Str(s)) => key.push(s.clone()),
                ("row", Field::Long(n)) => key.push(n.to_string()),
                ("amount", Field::Decimal(d)) => {
                    let mut bytes = [0u8; 16];
                    bytes.copy_from_slice(d.data());
                    let v = rust_decimal::Decimal::from_i128_with_scale(
                        i128::from_be_bytes(bytes),
                        d.scale() as u32,
                    );
                    key.push(v.normalize().to_string());
                }
                ("amount", other) => panic!("amount is {other:?}, not a DECIMAL"),
                _ => {}
            }
        }
        // record | table_id | row | column | amount, as in `want`.
        from_parquet.push(format!(
            "{}|{}|{}|{}|{}",
            key[0], key[1], key[2], key[3], key[4]
        ));
    }
    from_parquet.sort();
    assert_eq!(from_parquet, want);
}

/// Split one CSV line (RFC 4180 quoting, no line breaks inside fields).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

#[test]
fn logs_off_a_terminal_have_no_colour_and_name_their_input() {
    let out = tempfile::tempdir().unwrap();
    let run = bin()
        .arg(root().join(XLSX))
        .arg("-o")
        .arg(out.path())
        .arg("-v")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains('\x1b'), "ANSI escapes in {stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("input{path=") && l.contains("000_yangcheng_2024_final.xlsx")),
        "{stderr}"
    );
}

#[test]
fn library_log_lines_name_the_input() {
    // lopdf logs "Object load error at offset …" for an object cut short; in a batch of
    // thousands the line must say which file.
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read(root().join("samples/000_yangcheng_2024_final_cidfont.pdf")).unwrap();
    let input = dir.path().join("cut_short_input.pdf");
    std::fs::write(&input, &full[..full.len() * 6 / 10]).unwrap();
    let out = dir.path().join("out");
    let run = bin()
        .arg("-o")
        .arg(&out)
        .arg(&input)
        .env_remove("BUDGET_EXTRACT_LOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Object load error"))
        .collect();
    assert!(!lines.is_empty(), "{stderr}");
    for l in lines {
        assert!(l.contains("cut_short_input.pdf"), "{l}");
    }
}
