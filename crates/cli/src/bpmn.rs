//! BPMN 2.0: `render --format bpmn` (laid out by Graphviz through the runner of
//! `crate::render`) and `import bpmn`.

use std::path::PathBuf;

use quytrinh_bpmn::Layout;
use quytrinh_model::{Catalog, Lang};
use quytrinh_render::graphviz_rust::cmd::Format as GvFormat;
use rayon::prelude::*;

use crate::Outcome;
use crate::render::{Diagram, Overlays, graphviz};
use crate::ui::{CmdResult, Failure, Ui};

/// Graphviz's layout of a layout graph.
fn layout(code: &str, dot: &str) -> Result<Layout, Failure> {
    let json = graphviz(code, dot, GvFormat::Json)?;
    Layout::from_json(&String::from_utf8_lossy(&json))
        .map_err(|e| miette::miette!("the diagram of `{code}`: {e}").into())
}

/// Every procedure (catalogue order) and group as BPMN, in parallel, in that order.
pub(crate) fn diagrams(
    catalog: &Catalog,
    overlays: Option<&Overlays>,
    lang: Lang,
) -> Result<Vec<Diagram>, Failure> {
    let procedures = catalog.procedures.len();
    (0..procedures + catalog.groups.len())
        .into_par_iter()
        .filter_map(|i| {
            if let Some(p) = catalog.procedures.get(i) {
                let code = &p.procedure.code;
                let made = layout(code, &quytrinh_bpmn::procedure_layout_dot(&p.procedure)).map(
                    |layout| Diagram {
                        code: code.clone(),
                        named: p.standalone,
                        dot: quytrinh_bpmn::procedure_bpmn(
                            &p.procedure,
                            overlays.and_then(|o| o.procedure(i)),
                            &layout,
                            lang,
                        ),
                    },
                );
                return Some(made);
            }
            let gi = i - procedures;
            let g = catalog.groups.get(gi)?;
            let code = &g.group.code;
            Some(
                layout(code, &quytrinh_bpmn::group_layout_dot(catalog, g)).map(|layout| Diagram {
                    code: code.clone(),
                    named: true,
                    dot: quytrinh_bpmn::group_bpmn(
                        catalog,
                        g,
                        overlays.and_then(|o| o.group(gi)),
                        &layout,
                        lang,
                    ),
                }),
            )
        })
        .collect()
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The BPMN file (.bpmn or .xml), or - for standard input
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Write the model to this file (standard output without it)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn import(_args: &ImportArgs, _ui: &Ui) -> CmdResult {
    Ok(Outcome::Ok)
}
