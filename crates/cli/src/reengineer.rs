//! `quytrinh reengineer`: the to-be model of one procedure or group, written as a valid input
//! file, and the list of changes.
//!
//! The model goes to `-o OUT.json` (atomically: a temporary file in the same folder, then
//! renamed) or to stdout; the changes list goes to stdout when the model is in a file, to
//! stderr when the model is on stdout. The input is never overwritten, nor an existing file
//! without `--force`.

use std::path::{Path, PathBuf};

use quytrinh_analyze::{Config, Level, analyze_catalog};
use quytrinh_model::{Document, Lang, Loader, RealFs};
use quytrinh_reengineer::{
    LevelChange, changes_text, reengineer_loaded_group, reengineer_procedure, to_pretty_json,
};

use crate::Outcome;
use crate::ui::{CmdResult, Failure, FieldVerificationArg, LangArg, Ui, print, print_text};

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

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    /// Language of the changes list (the notes written into the model are Vietnamese)
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let lang = Lang::from(args.lang);
    if let Some(out) = &args.output {
        check_output(&args.file, out, args.force)?;
    }
    let loaded = crate::input::load(std::slice::from_ref(&args.file));
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let catalog = &loaded.catalog;
    if let Some(out) = &args.output {
        // Nor any file a group includes.
        for p in &catalog.procedures {
            check_not_input(Path::new(p.origin.file.as_ref()), out)?;
        }
    }
    let config = Config {
        field_verification: args.field_verification.into(),
        lang,
    };
    let report = analyze_catalog(catalog, &config);
    let standalone: Vec<usize> = (0..catalog.procedures.len())
        .filter(|&i| catalog.procedures.get(i).is_some_and(|p| p.standalone))
        .collect();

    let (doc, changes, kept, code, name, before) = match (
        catalog.groups.as_slice(),
        standalone.as_slice(),
    ) {
        ([g], []) => {
            let Some(ga) = report.groups.first() else {
                return Err(internal("no group analysis"));
            };
            let to_be = reengineer_loaded_group(catalog, g, ga, &report);
            let doc = Document {
                procedure: None,
                group: Some(to_be.model),
            };
            (
                doc,
                to_be.changes,
                to_be.kept,
                ga.code.clone(),
                ga.name.clone(),
                ga.level,
            )
        }
        ([], [i]) => {
            let (Some(p), Some(a)) = (catalog.procedures.get(*i), report.procedures.get(*i)) else {
                return Err(internal("no procedure analysis"));
            };
            let to_be = reengineer_procedure(&p.procedure, a);
            let doc = Document {
                procedure: Some(to_be.model),
                group: None,
            };
            (
                doc,
                to_be.changes,
                to_be.kept,
                a.code.clone(),
                a.name.clone(),
                a.level,
            )
        }
        (groups, procedures) => {
            return Err(miette::miette!(
                help = "give a file that holds a single procedure or a single group",
                "`reengineer` takes one procedure or one group; {} holds {} procedure(s) and {} group(s)",
                display(&args.file),
                procedures.len(),
                groups.len()
            )
            .into());
        }
    };

    let json = to_pretty_json(&doc).map_err(|e| internal(&e.to_string()))?;
    let after = to_be_level(&json, &config)?;
    let levels = [LevelChange {
        code,
        name,
        before,
        after,
    }];
    let list = changes_text(&changes, &kept, &levels, lang);
    match &args.output {
        Some(out) => {
            crate::output::write_file(out, json.as_bytes(), args.force)?;
            print_text(&list)?;
            ui.note(&format!(
                "{}: {}",
                lang.pick("đã ghi", "written"),
                out.display()
            ));
        }
        None => {
            print(&json)?;
            ui.note(list.trim_end());
        }
    }
    Ok(Outcome::Ok)
}

/// Reloads the to-be model as a file would be loaded (links checked) and gives its level.
fn to_be_level(json: &str, config: &Config) -> Result<Level, Failure> {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    loader.add_bytes("<to-be>", None, json.as_bytes());
    let loaded = loader.finish();
    if let Some(d) = loaded.diagnostics.iter().find(|d| d.is_error()) {
        return Err(internal(&format!(
            "the to-be model does not load: {}",
            d.to_plain_string()
        )));
    }
    let report = analyze_catalog(&loaded.catalog, config);
    let level = report
        .groups
        .first()
        .map(|g| g.level)
        .or_else(|| report.procedures.first().map(|p| p.level));
    level.ok_or_else(|| internal("the to-be model is empty"))
}

fn internal(what: &str) -> Failure {
    miette::miette!("internal error while re-engineering: {what}").into()
}

fn display(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        p.display().to_string()
    }
}

/// Refuses to write over the input, or over an existing file without `--force`.
fn check_output(input: &Path, out: &Path, force: bool) -> Result<(), Failure> {
    check_not_input(input, out)?;
    if out.is_dir() {
        return Err(miette::miette!(
            help = "name the file to write, e.g. -o to-be.json",
            "`{}` is a folder",
            out.display()
        )
        .into());
    }
    crate::output::check_target(out, force)
}

fn check_not_input(input: &Path, out: &Path) -> Result<(), Failure> {
    if input.as_os_str() == "-" {
        return Ok(());
    }
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(miette::miette!(
            help = "write the to-be model to another file, e.g. -o to-be.json",
            "refusing to overwrite the input `{}` with the to-be model",
            input.display()
        )
        .into());
    }
    Ok(())
}
