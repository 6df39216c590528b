//! `quytrinh analyze`: the 8 criteria, blockers, findings and ranked targets. Arguments and
//! output only: the JSON report of any inputs is `quytrinh::analysis::analyze_json`, the
//! others are written from `quytrinh::analyze::analyze_catalog`'s report.

use quytrinh::analysis::{self, JsonOptions};
use quytrinh_analyze::format;

use crate::Outcome;
use crate::ui::{CmdResult, Inputs, Judging, LangArg, Ui, print, print_text, write_failure};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    #[command(flatten)]
    judging: Judging,

    /// Exit 1 if any procedure or group is below this level (a CI gate)
    #[arg(long, value_name = "LEVEL", value_parser = crate::ui::parse_level)]
    require: Option<quytrinh_model::Level>,

    /// Show only the first N re-engineering targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    /// Language of the text and markdown reports
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

/// `analyze --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
    /// SARIF 2.1.0, each blocker and finding at the line and column of its step (code scanning)
    Sarif,
    /// GitHub Actions workflow commands (::error file=…,line=…::…), annotating the steps in CI
    Github,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let lang = quytrinh_model::Lang::from(args.lang);
    let config = args.judging.config(lang);
    if args.format == Format::Json {
        return json(args, config, ui);
    }
    let loaded = crate::input::load(&args.inputs.paths);
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let report = quytrinh_analyze::analyze_catalog(&loaded.catalog, &config);
    match args.format {
        Format::Markdown => print(&format::markdown(&report, lang, args.top))?,
        Format::Sarif => print(&analysis::sarif(&report, lang))?,
        Format::Github => print(&analysis::github(&report))?,
        _ => print_text(&format::text(&report, lang, args.top))?,
    }
    match args.require {
        Some(required) => gate(ui, required, &report.below(required)),
        None => Ok(Outcome::Ok),
    }
}

/// `--format json`: the report streamed to standard output, whatever the catalogue's size.
fn json(args: &Args, config: quytrinh_analyze::Config, ui: &Ui) -> CmdResult {
    let options = JsonOptions {
        top: args.top,
        require: args.require,
    };
    // Small writes are gathered; a procedure's part of the report (tens of kilobytes, handed
    // on whole) is larger than the buffer and goes straight out, not copied into it.
    let stdout = std::io::BufWriter::with_capacity(8 << 10, std::io::stdout().lock());
    let mut run = analysis::analyze_json(&args.inputs.paths, config, options, stdout)
        .map_err(write_failure)?;
    ui.diagnostics(&run.diagnostics);
    if run.has_errors() {
        if run.streamed() {
            ui.note("note: the JSON report on standard output is incomplete: the input has errors (above)");
        }
        return Ok(Outcome::BadInput);
    }
    let below = std::mem::take(&mut run.below);
    run.finish().map_err(write_failure)?;
    match args.require {
        Some(required) => gate(ui, required, &below),
        None => Ok(Outcome::Ok),
    }
}

/// `--require`: exit 1, naming them, when procedures or groups are below `required`.
fn gate(
    ui: &Ui,
    required: quytrinh_analyze::Level,
    below: &[(String, quytrinh_analyze::Level)],
) -> CmdResult {
    if below.is_empty() {
        return Ok(Outcome::Ok);
    }
    let list: Vec<String> = below
        .iter()
        .map(|(code, level)| format!("{code} ({})", level.as_str()))
        .collect();
    ui.note(&format!(
        "error: --require {}: {} below it: {}",
        required.as_str(),
        if below.len() == 1 {
            "1 procedure or group is".to_owned()
        } else {
            format!("{} procedures or groups are", below.len())
        },
        list.join(", ")
    ));
    Ok(Outcome::GateFailed)
}
