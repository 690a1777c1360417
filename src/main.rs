//! The `budget-extract` command: a thin shell over the library's pipeline.

use budget_extract::discover::{self, Input};
use budget_extract::record::Record;
use budget_extract::{emit, pipeline};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Extract the tables of Chinese government budget / final-accounts reports (PDF, xlsx, xls,
/// docx, and zips of them) into one validated JSON record per report.
///
/// Exit status: 0 every input was read; 1 some inputs could not be read (their records say
/// why); 2 the run itself failed. Failed arithmetic checks are findings inside the records,
/// not failures of the run.
#[derive(Parser, Debug)]
#[command(name = "budget-extract", version)]
struct Cli {
    /// Files or directories (walked recursively; zip archives are opened).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Directory that receives one `<input>.json` record per report.
    #[arg(short, long)]
    output: PathBuf,
    /// Parallel workers (default: one per core).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Skip inputs whose record already exists for the same bytes and tool version.
    #[arg(long)]
    incremental: bool,
    /// Seconds allowed for one file before it is abandoned with a "timeout" problem.
    #[arg(long, default_value_t = 120)]
    timeout: u64,
    /// Files larger than this many MiB are not read (the record says so).
    #[arg(long, default_value_t = 256)]
    max_mib: u64,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Log more (-v info, -vv debug). Logs go to stderr.
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    // Panics are caught per file and reported in its record; keep stderr clean of backtraces.
    std::panic::set_hook(Box::new(|info| tracing::debug!("panic: {info}")));
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("budget-extract: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("BUDGET_EXTRACT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

#[derive(Default)]
struct Tally {
    reports: AtomicUsize,
    skipped: AtomicUsize,
    tables: AtomicUsize,
    problems: AtomicUsize,
    unreadable: AtomicUsize,
    write_failures: AtomicUsize,
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&cli.output).map_err(|e| {
        anyhow::anyhow!(
            "cannot create output directory {}: {e}",
            cli.output.display()
        )
    })?;
    let (inputs, issues) = discover::discover(&cli.paths);
    for issue in &issues {
        tracing::warn!("{}: {}", issue.path, issue.message);
    }
    let limits = pipeline::Limits {
        max_bytes: cli.max_mib * 1024 * 1024,
        timeout: Duration::from_secs(cli.timeout),
        ..Default::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cli.jobs.unwrap_or(0))
        .build()?;
    let bar = progress_bar(inputs.len() as u64, cli.quiet);
    let tally = Tally::default();
    pool.install(|| {
        inputs.par_iter().for_each(|input| {
            bar.set_message(input.file_name());
            handle(cli, input, &limits, &tally);
            bar.inc(1);
        })
    });
    bar.finish_and_clear();
    let reports = tally.reports.load(Ordering::Relaxed);
    if !cli.quiet {
        eprintln!(
            "{} reports ({} unchanged, skipped), {} tables, {} problems, {} unreadable → {}",
            reports + tally.skipped.load(Ordering::Relaxed),
            tally.skipped.load(Ordering::Relaxed),
            tally.tables.load(Ordering::Relaxed),
            tally.problems.load(Ordering::Relaxed),
            tally.unreadable.load(Ordering::Relaxed),
            cli.output.display()
        );
    }
    if tally.write_failures.load(Ordering::Relaxed) > 0 {
        anyhow::bail!(
            "{} records could not be written",
            tally.write_failures.load(Ordering::Relaxed)
        );
    }
    Ok(if tally.unreadable.load(Ordering::Relaxed) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn handle(cli: &Cli, input: &Input, limits: &pipeline::Limits, tally: &Tally) {
    let path = emit::record_path(&cli.output, &input.output_stem);
    let record: Record = match cli.incremental.then(|| input.load(limits.max_bytes)) {
        Some(Ok(bytes)) => {
            if emit::is_current(&path, &pipeline::sha256_hex(&bytes)) {
                tally.skipped.fetch_add(1, Ordering::Relaxed);
                return;
            }
            pipeline::process_loaded(input, bytes, limits)
        }
        // Not incremental, or unreadable: `process` loads it and says why it cannot.
        _ => pipeline::process(input, limits),
    };
    tally.reports.fetch_add(1, Ordering::Relaxed);
    tally
        .tables
        .fetch_add(record.tables.len(), Ordering::Relaxed);
    tally
        .problems
        .fetch_add(record.problems.len(), Ordering::Relaxed);
    if record.unreadable() {
        tally.unreadable.fetch_add(1, Ordering::Relaxed);
    }
    tracing::info!(
        "{} → {} tables, {} problems",
        input.display,
        record.tables.len(),
        record.problems.len()
    );
    if let Err(e) = emit::write_record(&path, &record) {
        tracing::error!("cannot write {}: {e}", path.display());
        tally.write_failures.fetch_add(1, Ordering::Relaxed);
    }
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
