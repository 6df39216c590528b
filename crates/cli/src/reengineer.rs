//! `quytrinh reengineer`: the to-be model of one procedure or group, written as a valid input
//! file, and the list of changes.
//!
//! The model goes to `-o OUT.json` (atomically: a temporary file in the same folder, then
//! renamed) or to stdout; the changes list goes to stdout when the model is in a file, to
//! stderr when the model is on stdout. The input is never overwritten, nor an existing file
//! without `--force`.

use std::path::PathBuf;

use quytrinh::redesign;
use quytrinh_model::Lang;

use crate::Outcome;
use crate::ui::{CmdResult, Judging, LangArg, Ui, print, print_text};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The procedure or group file (.json), or - for standard input
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Write the to-be model to this file instead of standard output
    #[arg(short, long, value_name = "OUT.json")]
    output: Option<PathBuf>,

    /// Overwrite OUT.json if it exists (never the input)
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    judging: Judging,

    /// Language of the changes list (the notes written into the model are Vietnamese)
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let lang = Lang::from(args.lang);
    if let Some(out) = &args.output {
        redesign::check_output(&args.file, out, args.force)?;
    }
    let loaded = crate::input::load(std::slice::from_ref(&args.file));
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let catalog = &loaded.catalog;
    if let Some(out) = &args.output {
        // Nor any file a group includes.
        redesign::check_not_read(catalog, out)?;
    }
    let config = args.judging.config(lang);
    let name = quytrinh::load::Input::new(&args.file).name();
    let to_be = redesign::reengineer(catalog, &config, &name)?;
    let list = to_be.changes_text(lang);
    match &args.output {
        Some(out) => {
            crate::output::write_file(out, to_be.json.as_bytes(), args.force)?;
            print_text(&list)?;
            ui.note(&format!(
                "{}: {}",
                lang.pick("đã ghi", "written"),
                out.display()
            ));
        }
        None => {
            print(&to_be.json)?;
            ui.note(list.trim_end());
        }
    }
    Ok(Outcome::Ok)
}
