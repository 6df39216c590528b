//! `quytrinh analyze`: the 8 criteria, blockers, findings and ranked targets.

use std::path::PathBuf;

use quytrinh_analyze::{Config, format};

use crate::Outcome;
use crate::ui::{CmdResult, FieldVerificationArg, LangArg, Ui, print, print_with};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    /// Exit 1 if any procedure or group is below this level (a CI gate)
    #[arg(long, value_enum, value_name = "LEVEL")]
    require: Option<Level>,

    /// Show only the first N re-engineering targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    /// Language of the text and markdown reports
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[clap(rename_all = "snake_case")]
enum Level {
    FullOnline,
    PartialOnline,
    InformationOnly,
    Offline,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let loaded = crate::input::load(&args.paths);
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang = quytrinh_model::Lang::from(args.lang);
    let config = Config {
        field_verification: args.field_verification.into(),
        lang,
    };
    let mut report = quytrinh_analyze::analyze_catalog(&loaded.catalog, &config);
    match args.format {
        Format::Json => {
            if let Some(n) = args.top {
                report.targets.truncate(n);
            }
            print_with(|out| report.write_json(out))?;
        }
        Format::Text => print(&format::text(&report, lang, args.top))?,
        Format::Markdown => print(&format::markdown(&report, lang, args.top))?,
    }
    let Some(required) = args.require else {
        return Ok(Outcome::Ok);
    };
    let required = quytrinh_analyze::Level::from(required);
    let below = report.below(required);
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

impl From<Level> for quytrinh_analyze::Level {
    fn from(l: Level) -> Self {
        match l {
            Level::FullOnline => quytrinh_analyze::Level::FullOnline,
            Level::PartialOnline => quytrinh_analyze::Level::PartialOnline,
            Level::InformationOnly => quytrinh_analyze::Level::InformationOnly,
            Level::Offline => quytrinh_analyze::Level::Offline,
        }
    }
}
