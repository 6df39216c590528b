//! Re-engineering one procedure or group ([`reengineer`]): the to-be model with the standard
//! remedy of every unjustified blocker applied, written as a valid input file, its changes, and
//! the level before and after (the to-be model analysed as it is, not read again from its
//! text); and comparing an as-is catalogue with a to-be one ([`compare`]).
//!
//! ```
//! # let loaded = quytrinh::load::load_str("p.json", quytrinh::EXAMPLE);
//! let config = quytrinh::analyze::Config::default();
//! let to_be = quytrinh::redesign::reengineer(&loaded.catalog, &config, "p.json").unwrap();
//! assert_eq!(to_be.level.after, quytrinh::model::Level::FullOnline);
//! assert!(to_be.json.contains("\"1.001193\""));
//! let again = quytrinh::load::load_str("to-be.json", &to_be.json);
//! let comparison = quytrinh::redesign::compare(&loaded.catalog, &again.catalog, &config).unwrap();
//! assert_eq!(comparison.procedures.len(), 1);
//! ```

use std::path::Path;
use std::sync::Arc;

use quytrinh_analyze::{Config, Level, analyze_catalog};
use quytrinh_model::{
    Catalog, Document, Group, Lang, LoadedGroup, LoadedProcedure, Origin, ProcId, Procedure,
};
use quytrinh_reengineer::{
    Change, Comparison, Kept, LevelChange, changes_text, reengineer_loaded_group,
    reengineer_procedure, to_pretty_json,
};

use crate::Error;

/// The to-be model of one procedure or group.
#[derive(Debug, Clone)]
pub struct Redesign {
    /// The to-be model, a valid input document.
    pub document: Document,
    /// The document as quytrinh writes input files (pretty JSON, a line break at the end).
    pub json: String,
    /// Every change made, in the order applied.
    pub changes: Vec<Change>,
    /// The justified blockers left as they are (they need a change of law first).
    pub kept: Vec<Kept>,
    /// The code, the name and the level before and after.
    pub level: LevelChange,
}

impl Redesign {
    /// The list of changes, kept blockers and the level change, as `quytrinh reengineer`
    /// prints it.
    pub fn changes_text(&self, lang: Lang) -> String {
        changes_text(
            &self.changes,
            &self.kept,
            std::slice::from_ref(&self.level),
            lang,
        )
    }
}

/// Re-engineers the one procedure or the one group of `catalog` (loaded from the input
/// `name`, named in the error when it holds more or fewer).
pub fn reengineer(catalog: &Catalog, config: &Config, name: &str) -> Result<Redesign, Error> {
    let report = analyze_catalog(catalog, config);
    let standalone: Vec<usize> = (0..catalog.procedures.len())
        .filter(|&i| catalog.procedures.get(i).is_some_and(|p| p.standalone))
        .collect();
    let (document, changes, kept, code, name, before, after) = match (
        catalog.groups.as_slice(),
        standalone.as_slice(),
    ) {
        ([g], []) => {
            let Some(ga) = report.groups.first() else {
                return Err(internal("no group analysis"));
            };
            let to_be = reengineer_loaded_group(catalog, g, ga, &report);
            let after = group_level(&to_be.model, config);
            let document = Document {
                procedure: None,
                group: Some(to_be.model),
            };
            let (code, name) = (ga.code.clone(), ga.name.clone());
            (
                document,
                to_be.changes,
                to_be.kept,
                code,
                name,
                ga.level,
                after,
            )
        }
        ([], [i]) => {
            let (Some(p), Some(a)) = (catalog.procedures.get(*i), report.procedures.get(*i)) else {
                return Err(internal("no procedure analysis"));
            };
            let to_be = reengineer_procedure(&p.procedure, a);
            let after = quytrinh_analyze::analyze_procedure(&to_be.model, config).level;
            let document = Document {
                procedure: Some(to_be.model),
                group: None,
            };
            let (code, name) = (a.code.clone(), a.name.clone());
            (
                document,
                to_be.changes,
                to_be.kept,
                code,
                name,
                a.level,
                after,
            )
        }
        (groups, procedures) => {
            return Err(miette::miette!(
                help = "give a file that holds a single procedure or a single group",
                "`reengineer` takes one procedure or one group; {name} holds {} procedure(s) and {} group(s)",
                procedures.len(),
                groups.len()
            ));
        }
    };
    let json = to_pretty_json(&document).map_err(|e| internal(&e.to_string()))?;
    Ok(Redesign {
        document,
        json,
        changes,
        kept,
        level: LevelChange {
            code,
            name,
            before,
            after,
        },
    })
}

/// The level of a to-be group, whose members are inline: the group analysed as the loader
/// would hold it (members in a catalogue of their own, in the order listed).
fn group_level(group: &Group, config: &Config) -> Level {
    let origin = Origin {
        file: Arc::from("<to-be>"),
        line: 1,
    };
    let procedures: Vec<LoadedProcedure> = group
        .procedures
        .iter()
        .filter_map(|m| m.procedure.clone())
        .map(|procedure: Procedure| LoadedProcedure {
            procedure,
            origin: origin.clone(),
            standalone: false,
        })
        .collect();
    let loaded = LoadedGroup {
        group: Group {
            procedures: Vec::new(),
            ..group.clone()
        },
        members: (0..procedures.len()).map(ProcId).collect(),
        links: group.links.clone(),
        origin,
    };
    let catalog = Catalog {
        procedures,
        groups: vec![loaded],
        taken: Vec::new(),
    };
    catalog.groups.first().map_or(Level::Offline, |g| {
        quytrinh_analyze::analyze_group(&catalog, g, config).level
    })
}

fn internal(what: &str) -> Error {
    miette::miette!("internal error while re-engineering: {what}")
}

/// Refuses to write the to-be model over the input (or a file a group includes): `out` must
/// not be `input` (`-` for standard input is never a file).
pub fn check_not_input(input: &Path, out: &Path) -> Result<(), Error> {
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
        ));
    }
    Ok(())
}

/// Refuses to write the to-be model over any file `catalog` was read from (a group's
/// includes too).
pub fn check_not_read(catalog: &Catalog, out: &Path) -> Result<(), Error> {
    for p in &catalog.procedures {
        check_not_input(Path::new(p.origin.file.as_ref()), out)?;
    }
    Ok(())
}

/// Refuses to write over the input, into a folder, or over an existing file without `force`.
pub fn check_output(input: &Path, out: &Path, force: bool) -> Result<(), Error> {
    check_not_input(input, out)?;
    if out.is_dir() {
        return Err(miette::miette!(
            help = "name the file to write, e.g. -o to-be.json",
            "`{}` is a folder",
            out.display()
        ));
    }
    crate::output::check_target(out, force)
}

/// The as-is catalogue against the to-be one (levels, criteria, visits, critical path,
/// hand-offs, yearly visits saved), matched by code; an error when no code is in both.
pub fn compare(as_is: &Catalog, to_be: &Catalog, config: &Config) -> Result<Comparison, Error> {
    let before = analyze_catalog(as_is, config);
    let after = analyze_catalog(to_be, config);
    let comparison = quytrinh_reengineer::compare(&before, &after, config.lang);
    if comparison.procedures.is_empty() && comparison.groups.is_empty() {
        return Err(miette::miette!(
            help = "the to-be model keeps the as-is codes; compare a file with the one `quytrinh reengineer` wrote from it",
            "no procedure or group code is found in both inputs"
        ));
    }
    Ok(comparison)
}
