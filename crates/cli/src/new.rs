//! `quytrinh new [procedure|group]`: a starter file that passes `check`, whose `note` fields
//! explain each part (JSON has no comments).

use std::path::PathBuf;

use crate::Outcome;
use crate::ui::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// What to start: a single procedure or a group of inter-linked procedures
    #[arg(value_enum, default_value_t = Kind::Procedure)]
    kind: Kind,

    /// Write to this file instead of standard output (an existing file is not overwritten)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Procedure,
    Group,
}

const PROCEDURE: &str = include_str!("new/procedure.json");
const GROUP: &str = include_str!("new/group.json");

pub(crate) fn run(args: &Args) -> CmdResult {
    let text = match args.kind {
        Kind::Procedure => PROCEDURE,
        Kind::Group => GROUP,
    };
    match &args.output {
        None => print(text)?,
        Some(path) => {
            if let Err(e) = crate::output::create_new(path, text.as_bytes()) {
                return Err(miette::miette!(
                    help = "choose a new file name; `quytrinh new` never overwrites a file",
                    "cannot write {}: {e}",
                    path.display()
                )
                .into());
            }
        }
    }
    Ok(Outcome::Ok)
}
