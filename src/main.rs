//! The `budget-extract` command: a thin shell over the library's pipeline.

use budget_extract::discover::{self, Input, InputSource};
use budget_extract::emit::{self, BUILD_ID, MANIFEST_FILE, RESERVED, RUN_FILE};
use budget_extract::manifest::{self, Entry};
use budget_extract::record::SCHEMA_VERSION;
use budget_extract::{export, pipeline};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use once_cell::sync::Lazy;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

static VERSION: Lazy<String> = Lazy::new(|| {
    format!(
        "{} (build {BUILD_ID}, record schema {SCHEMA_VERSION})",
        emit::TOOL_VERSION
    )
});

const AFTER_HELP: &str = "\
Examples:
  budget-extract samples/ -o output/                 every report under samples/
  budget-extract -q --incremental --prune /mnt/portal -o /data/records   nightly job
  find /mnt/portal -name '*.pdf' -print0 | xargs -0 budget-extract -o out/
  budget-extract export output/ --format parquet -o amounts.parquet   one long table

Record names (always inside -o DIR, always <name>.json):
  With one directory argument, a report is named by its path under it:
    budget-extract portal/ -o out   portal/city/a.pdf  → out/city/a.pdf.json
  Otherwise by its path as given, with a leading / or ../ removed:
    budget-extract a/x.pdf b/ -o out   a/x.pdf → out/a/x.pdf.json, b/y.pdf → out/b/y.pdf.json
  A zip member is named under its archive: out/bundle.zip/member.pdf.json.
  Two different inputs that would get one name are refused (exit 2), never overwritten.
  _run.json (the run) and _manifest.jsonl (one line per input) are written beside the records.

Exit status:
  0  every input was read (failed arithmetic checks are findings inside the records)
  1  some input could not be read, timed out or crashed the extractor (its record says why)
  2  the run itself failed: bad arguments, clashing record names, output not writable
  130 interrupted (Ctrl-C): records already written are complete, temp files are removed

Environment:
  BUDGET_EXTRACT_LOG   a tracing filter for the logs on stderr (e.g. debug, lopdf=warn)
  RAYON_NUM_THREADS    default for -j";

/// Extract the tables of Chinese government budget / final-accounts reports (PDF, xlsx, xls,
/// docx, and zips of them) into one validated JSON record per report.
#[derive(Parser, Debug)]
#[command(
    name = "budget-extract",
    version = VERSION.as_str(),
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Report files or directories (walked recursively, sorted; zip archives are opened).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Folder that receives one `<name>.json` record per report, plus _run.json and
    /// _manifest.jsonl.
    #[arg(short, long, value_name = "DIR", required = true)]
    output: Option<PathBuf>,
    /// Parallel workers (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Skip inputs whose record was made by this build from the same bytes (per the previous
    /// run's _manifest.jsonl); timeouts and crashes are always retried.
    #[arg(long)]
    incremental: bool,
    /// Remove records in DIR whose input is not part of this run (only record files).
    #[arg(long)]
    prune: bool,
    /// Seconds allowed for one file before it is abandoned with a "timeout" problem.
    #[arg(long, default_value_t = 120, value_name = "SECS")]
    timeout: u64,
    /// Files larger than this many MiB are not read (the record says so).
    #[arg(long, default_value_t = 256, value_name = "MIB")]
    max_mib: u64,
    /// No progress bar, no summary line, no warnings (errors only).
    #[arg(short, long)]
    quiet: bool,
    /// Log more (-v info, -vv debug, with library warnings). Logs go to stderr.
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Turn a folder of records into analysis-ready tables (amounts, checks, problems).
    Export(export::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    // Panics are caught per file and reported in its record; keep stderr clean of backtraces.
    std::panic::set_hook(Box::new(|info| tracing::debug!("panic: {info}")));
    let result = match &cli.command {
        Some(Command::Export(args)) => export::run(args).map(|()| ExitCode::SUCCESS),
        None => run(&cli),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("budget-extract: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    // lopdf warns about repairable details ("Size entry of trailer dictionary…") without
    // naming the file: only shown with -vv, inside the span that names the input.
    let default = match (quiet, verbose) {
        (true, _) => "error,lopdf=off",
        (false, 0) => "warn,lopdf=error",
        (false, 1) => "info,lopdf=error",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("BUDGET_EXTRACT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}

/// Arguments that cannot name inputs are refused before anything is written.
fn check_arguments(paths: &[PathBuf]) -> anyhow::Result<()> {
    let errors: Vec<String> = paths
        .iter()
        .filter_map(|p| discover::argument_error(p))
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "bad input arguments, nothing done:\n  {}",
        errors.join("\n  ")
    )
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let out = cli.output.clone().expect("clap requires -o");
    let started = manifest::utc_now();
    check_arguments(&cli.paths)?;
    std::fs::create_dir_all(&out)
        .map_err(|e| anyhow::anyhow!("cannot create output directory {}: {e}", out.display()))?;
    let stale_temps = emit::remove_stale_temp_files(&out);
    let (inputs, issues) = discover::discover(&cli.paths);
    for issue in &issues {
        tracing::warn!("{}: {}", issue.path, issue.message);
    }
    let empty: Vec<String> = cli
        .paths
        .iter()
        .filter(|root| root.is_dir() && !inputs.iter().any(|i| source_path(i).starts_with(root)))
        .map(|root| root.display().to_string())
        .collect();
    if !empty.is_empty() {
        anyhow::bail!(
            "no report files (.pdf .xlsx .xls .docx .zip …) under {}: nothing done (is the \
             folder mounted?)",
            empty.join(", ")
        );
    }
    let planned = emit::plan(inputs).map_err(|clashes| {
        anyhow::anyhow!(
            "record names clash, nothing done (see the naming rule in --help):\n  {}",
            clashes.join("\n  ")
        )
    })?;
    let previous = if cli.incremental {
        manifest::load(&out)
    } else {
        HashMap::new()
    };
    ctrlc::set_handler(|| {
        emit::abandon_temp_files();
        eprintln!("budget-extract: interrupted; the records written so far are complete");
        std::process::exit(130);
    })
    .ok();

    let limits = pipeline::Limits {
        max_bytes: cli.max_mib * 1024 * 1024,
        timeout: Duration::from_secs(cli.timeout),
        ..Default::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cli.jobs.unwrap_or(0))
        .build()?;
    let bar = progress_bar(planned.len() as u64, cli.quiet);
    let outcomes: Vec<(Entry, bool)> = pool.install(|| {
        planned
            .par_iter()
            .map(|(input, rel)| {
                bar.set_message(input.file_name());
                let outcome = handle(&out, input, rel, &previous, &limits);
                bar.inc(1);
                outcome
            })
            .collect()
    });
    bar.finish_and_clear();

    let written: HashSet<PathBuf> = planned.iter().map(|(_, rel)| rel.clone()).collect();
    let stale = stale_records(&out, &written);
    let pruned = if cli.prune { prune(&out, &stale) } else { 0 };

    let mut run = manifest::Run {
        kind: "budget-extract run".into(),
        tool_version: emit::TOOL_VERSION.into(),
        build: BUILD_ID.into(),
        schema_version: SCHEMA_VERSION.into(),
        started,
        arguments: std::env::args().skip(1).collect(),
        incremental: cli.incremental,
        stale_records: stale.iter().map(|p| manifest::rel_string(p)).collect(),
        pruned,
        stale_temp_files_removed: stale_temps,
        ..Default::default()
    };
    let c = &mut run.counts;
    c.inputs = outcomes.len();
    for (e, write_failed) in &outcomes {
        if e.skipped {
            c.skipped += 1;
        } else {
            c.processed += 1;
        }
        match e.status.as_str() {
            "ok" => c.ok += 1,
            "timeout" => c.timeout += 1,
            "internal_error" => c.internal_error += 1,
            _ => c.unreadable += 1,
        }
        c.records_not_written += usize::from(*write_failed);
        c.tables += e.tables;
        c.checks_failed += u64::from(e.checks_failed);
        c.problems += e.problems;
    }
    let not_read = c.unreadable + c.timeout + c.internal_error;
    run.exit_code = if c.records_not_written > 0 {
        2
    } else if not_read > 0 {
        1
    } else {
        0
    };
    run.finished = manifest::utc_now();
    let entries: Vec<Entry> = outcomes
        .into_iter()
        .filter(|(_, failed)| !failed)
        .map(|(e, _)| e)
        .collect();
    manifest::write(&out, &entries)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.join(MANIFEST_FILE).display()))?;
    manifest::write_run(&out, &run)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.join(RUN_FILE).display()))?;

    if !cli.quiet {
        let mut line = format!(
            "{} reports ({} unchanged, skipped), {} tables, {} problems, {} unreadable → {}",
            run.counts.processed + run.counts.skipped,
            run.counts.skipped,
            run.counts.tables,
            run.counts.problems,
            not_read,
            out.display()
        );
        if !stale.is_empty() {
            line += &if cli.prune {
                format!("; {pruned} stale records pruned")
            } else {
                format!(
                    "; {} stale records (inputs gone; --prune removes them)",
                    stale.len()
                )
            };
        }
        eprintln!("{line}");
    }
    if run.counts.records_not_written > 0 {
        anyhow::bail!(
            "{} records could not be written",
            run.counts.records_not_written
        );
    }
    Ok(ExitCode::from(run.exit_code))
}

fn source_path(input: &Input) -> &Path {
    match &input.source {
        InputSource::File(p) => p,
        InputSource::ZipMember { archive, .. } => archive,
        InputSource::Refused { path, .. } => path,
    }
}

/// One input → its manifest entry, and whether its record could not be written.
fn handle(
    out: &Path,
    input: &Input,
    rel: &Path,
    previous: &HashMap<String, Entry>,
    limits: &pipeline::Limits,
) -> (Entry, bool) {
    // An error-level span, so it is enabled whatever the filter: every log line met while
    // reading (library messages such as lopdf's "Object load error" included) names the input.
    let span = tracing::error_span!("input", path = %input.display);
    let _in_span = span.enter();
    let start = Instant::now();
    let ms = |start: Instant| start.elapsed().as_millis() as u64;
    let prev = previous
        .get(&manifest::rel_string(rel))
        .filter(|_| out.join(rel).is_file());
    let record = match prev.map(|_| input.load(limits.max_bytes)) {
        Some(Ok(bytes)) => {
            let prev = prev.expect("checked");
            if prev.is_current(&pipeline::sha256_hex(&bytes)) {
                let mut kept = prev.clone();
                kept.input = input.display.clone();
                kept.skipped = true;
                kept.duration_ms = ms(start);
                return (kept, false);
            }
            pipeline::process_loaded(input, bytes, limits)
        }
        // Nothing to compare with, or unreadable: `process` loads it and says why it cannot.
        _ => pipeline::process(input, limits),
    };
    let entry = Entry::new(&input.display, rel, &record, ms(start));
    tracing::info!(
        "{} tables, {} problems, {} checks failed",
        record.tables.len(),
        record.problems.len(),
        record.summary.checks_failed
    );
    let failed = match emit::write_record(out, rel, &record) {
        Ok(()) => false,
        Err(e) => {
            tracing::error!("cannot write {}: {e}", out.join(rel).display());
            true
        }
    };
    (entry, failed)
}

/// Record files in `out` (symlinks not followed) that this run did not write: `*.json` files
/// that parse as a budget-extract record. Sorted.
fn stale_records(out: &Path, written: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let Ok(rel) = entry.path().strip_prefix(out) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file()
            || !name.ends_with(".json")
            || name.starts_with('.')
            || written.contains(rel)
            || (rel.components().count() == 1 && RESERVED.contains(&name.as_ref()))
        {
            continue;
        }
        if is_record_file(entry.path()) {
            stale.push(rel.to_path_buf());
        }
    }
    stale
}

fn is_record_file(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|v| {
        v["schema_version"].is_string()
            && v["source"]["sha256"].is_string()
            && v["tables"].is_array()
    })
}

/// Remove the stale records, then the folders that pruning left empty. Returns how many
/// records were removed.
fn prune(out: &Path, stale: &[PathBuf]) -> usize {
    let mut removed = 0;
    for rel in stale {
        let path = out.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                removed += 1;
                tracing::info!("pruned {}", path.display());
                let mut dir = rel.parent();
                while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                    if std::fs::remove_dir(out.join(d)).is_err() {
                        break; // not empty
                    }
                    dir = d.parent();
                }
            }
            Err(e) => tracing::warn!("cannot prune {}: {e}", path.display()),
        }
    }
    removed
}

/// A bar on a terminal; nothing at all when stderr is not one (cron, CI) or with --quiet.
fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed_precise} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
