//! `quytrinh`: the command-line tool. Arguments (clap), the terminal, standard input and
//! output, and the exit code, mapped from every outcome here: 0 ok, 1 a requested gate failed,
//! 2 bad input or bad usage. Each command module parses its arguments, calls the library (the
//! `quytrinh` crate: loading, analysis, drawing, reports, re-engineering, the mdBook
//! preprocessor, file output) and prints what it returns.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: the analysis and the diagrams allocate many small strings on two threads, where
/// it takes about a fifth less CPU than the system allocator (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod analyze;
mod bpmn;
mod check;
mod compare;
mod graphviz;
mod import;
mod mdbook;
mod new;
mod reengineer;
mod render;
mod report;
mod schema;
mod select;
#[cfg(feature = "serve")]
mod serve;
mod table;
mod ui;

use quytrinh::load as input;
use quytrinh::{output, read};
use ui::Ui;

/// Review and re-engineer Vietnamese administrative procedures (thủ tục hành chính).
///
/// Procedures are JSON files (format: docs/FORMAT.md in the project): the steps from filing to result, who does each,
/// on which channel. quytrinh checks them, finds what blocks a fully online service
/// (Thông tư 01/2023/TT-VPCP), and draws their flowcharts.
#[derive(Debug, Parser)]
#[command(
    name = "quytrinh",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct Cli {
    /// When to use colour on the terminal (never when NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ui::ColorChoice::Auto, global = true)]
    color: ui::ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load and validate procedure files; print one line per file
    ///
    /// Every problem of a file is reported in one run, each with its file, line and column and
    /// how to fix it. The format is docs/FORMAT.md in the project; each diagnostic code
    /// (QT001…) is explained in docs/DIAGNOSTICS.md.
    Check(check::Args),
    /// Check the 8 criteria, find the blockers and rank the re-engineering targets
    Analyze(analyze::Args),
    /// Draw flowcharts (DOT, SVG, PNG or Mermaid) with a swimlane per actor and the blockers marked
    Render(render::Args),
    /// Read a model made in another tool into the quytrinh format
    #[command(subcommand)]
    Import(Import),
    /// Write the step table of each procedure (quy trình nội bộ): Markdown, CSV or HTML
    Table(table::Args),
    /// Write a report, ready to publish (Markdown or one printable HTML page), with the diagrams
    Report(report::Args),
    /// Run as an mdBook preprocessor: draw the procedures a book names in ```quytrinh blocks
    Mdbook(mdbook::Args),
    /// Write the to-be procedure: the standard remedy of every unjustified blocker applied
    Reengineer(reengineer::Args),
    /// Compare an as-is and a to-be model: levels, criteria, visits, critical path
    Compare(compare::Args),
    /// List the procedures to review first, with the four criteria of Điều 16 (Thông tư 01/2023)
    Select(select::Args),
    /// Print the JSON Schema of the input format (for editors: point "$schema" at it)
    Schema(schema::Args),
    /// Write a starter procedure or group file whose notes explain each part
    New(new::Args),
    /// Edit the procedure files of a folder in the browser: the diagram, the level and the
    /// blockers redrawn as you type (a local web app on 127.0.0.1)
    #[cfg(feature = "serve")]
    Serve(serve::Args),
}

/// How a command ended, when it ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: a gate the user asked for failed (e.g. `--require full_online`).
    GateFailed,
    /// Exit 2: the input had errors; they were already reported.
    BadInput,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ui = Ui::new(cli.color);
    // SIGINT/SIGTERM stop any running Graphviz `dot` before quytrinh exits.
    quytrinh::graphviz::install_interrupt();
    // A file-size limit (`ulimit -f`) makes a write fail with an error the output layer
    // reports, instead of killing quytrinh half-way (SIGXFSZ's default action).
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let result = match &cli.command {
        Command::Check(args) => check::run(args, &ui),
        Command::Analyze(args) => analyze::run(args, &ui),
        Command::Render(args) => render::run(args, &ui),
        Command::Import(Import::Bpmn(args)) => bpmn::import(args, &ui),
        Command::Table(args) => table::run(args, &ui),
        Command::Report(args) => report::run(args, &ui),
        Command::Mdbook(args) => mdbook::run(args, &ui),
        Command::Reengineer(args) => reengineer::run(args, &ui),
        Command::Compare(args) => compare::run(args, &ui),
        Command::Select(args) => select::run(args, &ui),
        Command::Schema(args) => schema::run(args),
        Command::New(args) => new::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args, &ui),
        Command::Import(Import::Table(args)) => import::run(args, &ui),
    };
    if std::env::var_os("QUYTRINH_COUNTERS").is_some_and(|v| v == "1") {
        let (layouts, hits) = quytrinh::graphviz::counters();
        ui.note(&format!(
            "quytrinh counters: files_read={} bytes_read={} dot_layouts={layouts} cache_hits={hits} reengineer_visits={} rank_visits={}",
            read::files_read(),
            read::bytes_read(),
            quytrinh_reengineer::visits(),
            quytrinh_render::rank_visits()
        ));
    }
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::GateFailed) => ExitCode::from(1),
        Ok(Outcome::BadInput) => ExitCode::from(2),
        Err(ui::Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(ui::Failure::Report(report)) => {
            ui.error_report(&report);
            ExitCode::from(2)
        }
    }
}

/// The formats `quytrinh import` reads.
#[derive(Debug, Subcommand)]
enum Import {
    /// A BPMN 2.0 file (Camunda Modeler, bpmn.io, or quytrinh's own export): lanes become
    /// actors, tasks steps, gateways alternatives, pools and message flows a group
    Bpmn(bpmn::ImportArgs),
    /// A published "quy trình nội bộ" table (.csv): Bước | Nội dung công việc | Trách nhiệm
    /// thực hiện | Thời gian thực hiện; writes the procedures and reports every guess with its
    /// cell
    Table(import::TableArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
