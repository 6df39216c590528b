//! Before and after, stacked: the as-is diagram above the to-be diagram in one image, each
//! under a banner, one header summarising the change (level, criteria, trips, time), one legend,
//! and the steps re-engineering changed marked with what changed ("cũ → mới").

use std::collections::{BTreeMap, BTreeSet};

use quytrinh_model::{Catalog, Lang, LoadedGroup, Procedure, Step};

use crate::dot::{self, a, digraph, edge, graph_attrs, html, node, q};
use crate::layout;
use crate::procedure::{self, Ctx, Part};
use crate::style::{self, Header};
use crate::text::escape_html;
use crate::{GroupOverlay, Level, Options, Overlay};

/// One side of the comparison: a procedure or a group, with its analysis overlay if any.
#[derive(Debug, Clone, Copy)]
pub enum Side<'a> {
    /// A procedure and its overlay.
    Procedure(&'a Procedure, Option<&'a Overlay>),
    /// A group of the catalogue and its overlay.
    Group(&'a Catalog, &'a LoadedGroup, Option<&'a GroupOverlay>),
}

/// One DOT with the as-is diagram above the to-be diagram. `changed` names, by procedure code,
/// the step ids of the to-be model that re-engineering changed or added; they are drawn with a
/// thick blue border and what changed (`trực tiếp → trực tuyến`).
pub fn render_compare(
    as_is: Side<'_>,
    to_be: Side<'_>,
    changed: &BTreeMap<String, BTreeSet<String>>,
    options: &Options,
) -> String {
    let lang = options.lang;
    let mut ctx = Ctx {
        compact: true,
        blocked_documents_only: true,
        ..Ctx::default()
    };
    let changes = changes(as_is, to_be, changed, lang);
    let mut stmts = style::defaults(options, html("label", &header(as_is, to_be, lang).markup()));
    // Narrower than a single diagram, to fit an A4 page.
    stmts.push(graph_attrs(vec![a("nodesep", "0.06")]));
    let mut sides: Vec<layout::Drawn> = Vec::new();
    // No cluster around a side: Graphviz does not keep the order of flat edges inside a
    // cluster, and the lanes rely on it. A banner above each side's lanes names it.
    for (prefix, heading, side, changes) in [
        (
            "l_",
            lang.pick("HIỆN TRẠNG", "AS-IS"),
            as_is,
            &BTreeMap::new(),
        ),
        (
            "r_",
            lang.pick("SAU TÁI CẤU TRÚC", "TO-BE"),
            to_be,
            &changes,
        ),
    ] {
        let mut drawn = side_body(side, prefix, changes, lang, &mut ctx);
        let banner = format!("{prefix}banner");
        stmts.push(node(
            &banner,
            vec![
                a("shape", "plaintext"),
                q("style", ""),
                a("fontsize", "13"),
                html("label", &format!("<B>{heading}</B>")),
            ],
        ));
        if let Some(head) = drawn.heads.first() {
            stmts.push(edge(&banner, head, layout::invisible()));
        }
        stmts.append(&mut drawn.stmts);
        sides.push(drawn);
    }
    // The to-be side below the as-is side, each lane under the same lane (as far as both
    // sides have it), so the two drawings line up.
    if let [l, r] = sides.as_slice() {
        for (tail, head) in l.tails.iter().zip(&r.heads) {
            stmts.push(edge(
                tail,
                head,
                vec![a("style", "invis"), a("weight", "10")],
            ));
        }
        if let Some(tail) = l.tails.first() {
            stmts.push(edge(tail, "r_banner", vec![a("style", "invis")]));
        }
    }
    stmts.extend(procedure::footer(
        "",
        sides.last().and_then(|r| procedure::middle(&r.tails)),
        &ctx,
        lang,
    ));
    dot::print(digraph("compare", stmts))
}

fn side_body(
    side: Side<'_>,
    prefix: &str,
    changes: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    lang: Lang,
    ctx: &mut Ctx,
) -> layout::Drawn {
    match side {
        Side::Procedure(p, overlay) => {
            let none = BTreeMap::new();
            let part = Part {
                procedure: p,
                overlay,
                prefix,
                member: None,
                changes: changes.get(&p.code).unwrap_or(&none),
                repeated: None,
                start: true,
                no_end: BTreeSet::new(),
                compact: true,
                blocked_documents_only: true,
            };
            procedure::lanes_of_procedure(&part, prefix, lang, ctx)
        }
        Side::Group(catalog, g, overlay) => {
            crate::group::body(catalog, g, overlay, prefix, changes, lang, ctx)
        }
    }
}

/// What the two sides say, for the summary: level, criteria met, trips, time, time limit.
#[derive(Debug, Default)]
struct Summary {
    title: String,
    level: Option<Level>,
    met: Option<usize>,
    trips: Option<u32>,
    days: Option<f64>,
    limit: Option<f64>,
}

fn summary(side: Side<'_>) -> Summary {
    match side {
        Side::Procedure(p, o) => Summary {
            title: format!("{} — {}", p.code, p.name),
            level: o.and_then(|o| o.level),
            met: o.and_then(|o| o.criteria_met.as_ref()).map(BTreeSet::len),
            trips: o.and_then(|o| o.trips),
            days: o.and_then(|o| o.critical_path_days),
            limit: p.time_limit_days,
        },
        Side::Group(_, g, o) => Summary {
            title: format!("{} — {}", g.group.code, g.group.name),
            level: o.and_then(|o| o.level),
            met: None,
            trips: o.and_then(|o| o.trips),
            days: o.and_then(|o| o.critical_path_days),
            limit: g.group.time_limit_days,
        },
    }
}

/// `Mức độ: Thông tin trực tuyến → Toàn trình · Tiêu chí đạt: 3/8 → 8/8 · …`
fn header(as_is: Side<'_>, to_be: Side<'_>, lang: Lang) -> Header {
    let (x, y) = (summary(as_is), summary(to_be));
    let mut h = Header::new(&format!(
        "{}: {}",
        lang.pick(
            "Trước và sau tái cấu trúc",
            "Before and after re-engineering"
        ),
        x.title
    ));
    let mut parts: Vec<String> = Vec::new();
    if let (Some(a), Some(b)) = (x.level, y.level) {
        parts.push(format!(
            r#"{}: <FONT COLOR="{}"><B>{}</B></FONT> → <FONT COLOR="{}"><B>{}</B></FONT>"#,
            lang.pick("Mức độ", "Level"),
            style::level_colour(a),
            escape_html(a.short_label(lang)),
            style::level_colour(b),
            escape_html(b.short_label(lang))
        ));
    }
    if let (Some(a), Some(b)) = (x.met, y.met) {
        parts.push(escape_html(&format!(
            "{}: {a}/8 → {b}/8",
            lang.pick("Tiêu chí đạt", "Criteria met")
        )));
    }
    // Two lines (what the service reaches; what the applicant lives), so that the header does
    // not set the width of the drawing.
    if !parts.is_empty() {
        h.lines.push(parts.join(" · "));
        parts.clear();
    }
    if let (Some(a), Some(b)) = (x.trips, y.trips) {
        parts.push(escape_html(&format!(
            "{}: {a} → {b}",
            lang.pick("Số lượt đi lại", "Trips to an agency")
        )));
    }
    if let (Some(a), Some(b)) = (x.days, y.days) {
        let mut t = format!(
            "{}: {} → {}",
            lang.pick(
                "Tổng thời gian (nhánh dài nhất)",
                "Total time (longest branch)"
            ),
            lang.duration(a),
            lang.duration(b)
        );
        if let Some(limit) = y.limit.or(x.limit) {
            t.push_str(&format!(
                " ({} {})",
                lang.pick("thời hạn", "time limit"),
                lang.duration(limit)
            ));
        }
        parts.push(escape_html(&t));
    }
    if !parts.is_empty() {
        h.lines.push(parts.join(" · "));
    }
    h
}

/// What changed at each changed step of the to-be side, by procedure code and step id.
fn changes(
    as_is: Side<'_>,
    to_be: Side<'_>,
    changed: &BTreeMap<String, BTreeSet<String>>,
    lang: Lang,
) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let before = procedures(as_is);
    let mut out = BTreeMap::new();
    for p in procedures(to_be) {
        let Some(ids) = changed.get(&p.code) else {
            continue;
        };
        let old = before.iter().find(|b| b.code == p.code);
        let mut steps = BTreeMap::new();
        for s in p.steps.iter().filter(|s| ids.contains(&s.id)) {
            let was = old.and_then(|o| o.steps.iter().find(|x| x.id == s.id));
            steps.insert(s.id.clone(), step_changes(was, s, lang));
        }
        out.insert(p.code.clone(), steps);
    }
    out
}

fn procedures(side: Side<'_>) -> Vec<&Procedure> {
    match side {
        Side::Procedure(p, _) => vec![p],
        Side::Group(c, g, _) => c.members(g).collect(),
    }
}

/// `trực tiếp → trực tuyến`, `ký tay → ký số`, `bỏ: Giấy chứng sinh`; `mới` for a new step.
fn step_changes(was: Option<&Step>, now: &Step, lang: Lang) -> Vec<String> {
    let Some(was) = was else {
        return vec![lang.pick("Bước mới", "New step").to_owned()];
    };
    let mut out = Vec::new();
    if was.channel != now.channel {
        out.push(format!(
            "{} → {}",
            was.channel.label(lang),
            now.channel.label(lang)
        ));
    }
    if was.signature != now.signature {
        out.push(format!(
            "{} → {}",
            was.signature.label(lang),
            now.signature.label(lang)
        ));
    }
    let removed: Vec<&str> = was
        .documents
        .iter()
        .filter(|d| !now.documents.contains(d))
        .map(String::as_str)
        .collect();
    if !removed.is_empty() {
        out.push(format!(
            "{}: {}",
            lang.pick("bỏ giấy tờ", "documents dropped"),
            removed.len()
        ));
    }
    if out.is_empty() {
        out.push(lang.pick("Đã thay đổi", "Changed").to_owned());
    }
    let mut line = lang.pick("cũ → mới: ", "old → new: ").to_owned();
    line.push_str(&out.join("; "));
    vec![line]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_are_drawn_and_only_changed_steps_marked() {
        let text = r#"{"procedure": {"code": "X", "name": "X", "actors": [{"id": "a", "name": "A", "role": "applicant"}],
            "steps": [{"id": "nop", "name": "Nộp", "actor": "a", "action": "submit", "channel": "in_person"},
                      {"id": "tra", "name": "Nhận", "actor": "a", "action": "return_result", "channel": "in_person"}]}}"#;
        let doc = quytrinh_model::parse_str("x.json", text).unwrap_or_else(|_| panic!("parses"));
        let Some(p) = doc.procedure else {
            panic!("a procedure")
        };
        let mut after = p.clone();
        if let Some(s) = after.steps.get_mut(1) {
            s.channel = quytrinh_model::Channel::Online;
        }
        let changed = BTreeMap::from([("X".to_owned(), BTreeSet::from(["tra".to_owned()]))]);
        let dot = render_compare(
            Side::Procedure(&p, None),
            Side::Procedure(&after, None),
            &changed,
            &Options::default(),
        );
        assert!(dot.contains("l_s0") && dot.contains("r_s0") && !dot.contains(" s0"));
        assert_eq!(
            dot.matches(&format!("color=\"{}\"", style::CHANGED_LINE))
                .count(),
            1,
            "{dot}"
        );
        let text = dot.replace("<BR/>", " ");
        assert!(text.contains("cũ → mới: trực tiếp → trực tuyến"), "{dot}");
    }
}
