//! Model (and analysis marks) to BPMN 2.0 XML with diagram interchange.

use std::collections::HashMap;
use std::io;

use quytrinh_model::{Action, FlowKind, Lang, Link, Procedure, Signature, Step};
use quytrinh_render::{Marks, Overlay};

use crate::layout::{Bounds, Layout, cluster_name, node_name, size};
use crate::plan::{NodeKind, Plan, PlanEdge, PlanNode};
use crate::xml::{Attrs, BPMN, BPMNDI, COLOR, DC, DI, QT, XSI, Xml};

/// Where the first pool starts, and the bands and gaps of pools and lanes.
const ORIGIN_X: f64 = 150.0;
const ORIGIN_Y: f64 = 80.0;
const POOL_LABEL: f64 = 30.0;
const LANE_LABEL: f64 = 30.0;
const PAD: f64 = 20.0;
const EMPTY_LANE: f64 = 100.0;
const POOL_GAP: f64 = 60.0;

/// Fill and stroke of a step that breaks a criterion, and of one whose breaking the law
/// requires (the colours of the DOT diagrams).
const BLOCKED: (&str, &str) = ("#ffcdd2", "#c62828");
const JUSTIFIED: (&str, &str) = ("#e1bee7", "#6a1b9a");

/// A rectangle in BPMN coordinates (y down).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// One pool to write: a member procedure, its plan, its marks.
#[derive(Debug)]
pub(crate) struct Pool<'a> {
    pub(crate) plan: Plan<'a>,
    pub(crate) overlay: Option<&'a Overlay>,
}

/// The group around the pools, when there is one.
#[derive(Debug)]
pub(crate) struct GroupInfo<'a> {
    pub(crate) group: &'a quytrinh_model::Group,
    pub(crate) links: &'a [Link],
    pub(crate) level: Option<quytrinh_model::Level>,
    pub(crate) blocking_links: &'a std::collections::BTreeSet<usize>,
}

/// Where every shape goes.
#[derive(Debug, Default)]
struct Geometry {
    pools: Vec<Rect>,
    /// Per pool: (actor index, lane rectangle) in lane order.
    lanes: Vec<Vec<(usize, Rect)>>,
    /// Per pool, per plan node.
    nodes: Vec<Vec<Rect>>,
}

fn geometry(pools: &[Pool<'_>], layout: &Layout) -> Geometry {
    let (gx0, gx1) = layout
        .clusters
        .values()
        .fold(None, |acc: Option<(f64, f64)>, b| match acc {
            None => Some((b.x0, b.x1)),
            Some((a, c)) => Some((a.min(b.x0), c.max(b.x1))),
        })
        .unwrap_or((0.0, crate::layout::TASK_W));
    let content_x0 = ORIGIN_X + POOL_LABEL + LANE_LABEL + PAD;
    let width = POOL_LABEL + LANE_LABEL + 2.0 * PAD + (gx1 - gx0);
    let mut g = Geometry::default();
    let mut y = ORIGIN_Y;
    for (m, pool) in pools.iter().enumerate() {
        let top = y;
        let mut lanes = Vec::new();
        let mut nodes = vec![Rect::default(); pool.plan.nodes.len()];
        for lane in pool.plan.procedure.lane_order() {
            let bb: Option<&Bounds> = layout.clusters.get(&cluster_name(m, lane));
            let h = bb.map_or(EMPTY_LANE, |b| (b.y1 - b.y0) + 2.0 * PAD);
            let mut fallback_x = content_x0;
            for (i, n) in pool.plan.nodes.iter().enumerate() {
                if n.lane != lane {
                    continue;
                }
                let (w, hh) = size(n.kind);
                let centre = match (layout.nodes.get(&node_name(m, i)), bb) {
                    (Some(&(x, ny)), Some(b)) => (content_x0 + (x - gx0), y + PAD + (b.y1 - ny)),
                    _ => {
                        // Not laid out (a layout of another graph): in a row along the lane.
                        fallback_x += w + PAD;
                        (fallback_x - w / 2.0, y + h / 2.0)
                    }
                };
                if let Some(r) = nodes.get_mut(i) {
                    *r = Rect {
                        x: (centre.0 - w / 2.0).round(),
                        y: (centre.1 - hh / 2.0).round(),
                        w,
                        h: hh,
                    };
                }
            }
            lanes.push((
                lane,
                Rect {
                    x: ORIGIN_X + POOL_LABEL,
                    y: y.round(),
                    w: width - POOL_LABEL,
                    h: h.round(),
                },
            ));
            y += h.round();
        }
        if lanes.is_empty() {
            y += EMPTY_LANE;
        }
        g.pools.push(Rect {
            x: ORIGIN_X,
            y: top.round(),
            w: width.round(),
            h: (y - top).round(),
        });
        g.lanes.push(lanes);
        g.nodes.push(nodes);
        y += POOL_GAP;
    }
    g
}

/// The waypoints of a sequence flow from `s` to `t`; `back` for a rework loop; `gateway` when
/// `s` is a gateway (its branches leave from its top, right and bottom corners, so their labels
/// do not pile up).
fn waypoints(s: Rect, t: Rect, back: bool, gateway: bool) -> Vec<(f64, f64)> {
    if back || t.cx() < s.cx() {
        // Back to a step above: up and over into its top; below: down and under into its
        // bottom; in the same row: under both.
        if t.bottom() < s.y {
            let over = t.y - 12.0;
            return vec![(s.cx(), s.y), (s.cx(), over), (t.cx(), over), (t.cx(), t.y)];
        }
        if t.y > s.bottom() {
            let under = t.bottom() + 12.0;
            return vec![
                (s.cx(), s.bottom()),
                (s.cx(), under),
                (t.cx(), under),
                (t.cx(), t.bottom()),
            ];
        }
        let below = s.bottom().max(t.bottom()) + 12.0;
        return vec![
            (s.cx(), s.bottom()),
            (s.cx(), below),
            (t.cx(), below),
            (t.cx(), t.bottom()),
        ];
    }
    if (s.cy() - t.cy()).abs() < 1.0 {
        return vec![(s.right(), s.cy()), (t.x, t.cy())];
    }
    let down = t.cy() > s.cy();
    if gateway && t.x > s.right() {
        let corner = if down { s.bottom() } else { s.y };
        return vec![(s.cx(), corner), (s.cx(), t.cy()), (t.x, t.cy())];
    }
    if t.x > s.right() {
        let end = if down { t.y } else { t.bottom() };
        return vec![(s.right(), s.cy()), (t.cx(), s.cy()), (t.cx(), end)];
    }
    let (from, to) = if down {
        (s.bottom(), t.y)
    } else {
        (s.y, t.bottom())
    };
    let mid = (from + to) / 2.0;
    vec![(s.cx(), from), (s.cx(), mid), (t.cx(), mid), (t.cx(), to)]
}

fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn bounds(xml: &mut Xml, r: Rect) -> io::Result<()> {
    xml.empty(
        "dc:Bounds",
        &[
            ("x", num(r.x)),
            ("y", num(r.y)),
            ("width", num(r.w)),
            ("height", num(r.h)),
        ],
    )
}

fn action_label(a: Action, lang: Lang) -> &'static str {
    match a {
        Action::Submit => lang.pick("nộp hồ sơ", "files the dossier"),
        Action::Supplement => lang.pick("bổ sung hồ sơ", "completes the dossier"),
        Action::Appear => lang.pick("có mặt", "appears in person"),
        Action::Pay => lang.pick("nộp phí, lệ phí", "pays"),
        Action::Receive => lang.pick("tiếp nhận, kiểm tra", "receives and checks"),
        Action::Process => lang.pick("xử lý, thẩm định", "processes"),
        Action::Verify => lang.pick("xác minh", "verifies"),
        Action::Consult => lang.pick("lấy ý kiến", "consults"),
        Action::Approve => lang.pick("phê duyệt, ký", "approves"),
        Action::Transfer => lang.pick("chuyển hồ sơ", "transfers"),
        Action::IssueResult => lang.pick("ra kết quả", "issues the result"),
        Action::ReturnResult => lang.pick("trả kết quả", "returns the result"),
    }
}

fn marks_text(m: &Marks, lang: Lang) -> Option<String> {
    if m.is_empty() {
        return None;
    }
    let list = |set: &std::collections::BTreeSet<u8>| {
        set.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
    };
    let mut parts = Vec::new();
    if !m.criteria.is_empty() {
        parts.push(format!(
            "{} {}",
            lang.pick("vướng tiêu chí", "blocks criteria"),
            list(&m.criteria)
        ));
    }
    if !m.justified.is_empty() {
        parts.push(format!(
            "{} {}",
            lang.pick(
                "vướng do luật yêu cầu: tiêu chí",
                "required by law: criteria"
            ),
            list(&m.justified)
        ));
    }
    Some(parts.join("; "))
}

fn write_marks(xml: &mut Xml, m: &Marks, document: Option<&str>) -> io::Result<()> {
    for (set, justified) in [(&m.criteria, false), (&m.justified, true)] {
        for c in set {
            let mut a: Attrs<'_> = vec![("criterion", c.to_string())];
            if let Some(d) = document {
                a.push(("document", d.to_owned()));
            }
            if justified {
                a.push(("justified", "true".to_owned()));
            }
            xml.empty("qt:mark", &a)?;
        }
    }
    Ok(())
}

/// The readable documentation of a step.
fn step_documentation(p: &Procedure, i: usize, s: &Step, marks: &Marks, lang: Lang) -> String {
    let actor = p
        .actors
        .iter()
        .find(|a| a.id == s.actor)
        .map_or(s.actor.as_str(), |a| a.name.as_str());
    let mut lines = vec![
        format!("{}. {}", lang.step_number(i), s.name),
        format!(
            "{}: {} — {}",
            lang.pick("Người thực hiện", "Who"),
            actor,
            action_label(s.action, lang)
        ),
        format!(
            "{}: {}",
            lang.pick("Kênh", "Channel"),
            s.channel.label(lang)
        ),
    ];
    if let Some(d) = s.duration_days {
        lines.push(format!(
            "{}: {}",
            lang.pick("Thời gian", "Time"),
            lang.duration(d)
        ));
    }
    if !s.documents.is_empty() {
        let docs: Vec<String> = s
            .documents
            .iter()
            .map(|id| match p.documents.iter().find(|d| &d.id == id) {
                Some(d) => format!(
                    "{} ({})",
                    d.name,
                    match d.form {
                        quytrinh_model::Form::Electronic => lang.pick("bản điện tử", "electronic"),
                        quytrinh_model::Form::Paper => lang.pick("bản giấy", "paper"),
                    }
                ),
                None => id.clone(),
            })
            .collect();
        lines.push(format!(
            "{}: {}",
            lang.pick("Hồ sơ", "Documents"),
            docs.join("; ")
        ));
    }
    match s.signature {
        Signature::None => {}
        Signature::Wet => lines.push(format!(
            "{}: {}",
            lang.pick("Chữ ký", "Signature"),
            lang.pick("ký tay", "by hand")
        )),
        Signature::Digital => lines.push(format!(
            "{}: {}",
            lang.pick("Chữ ký", "Signature"),
            lang.pick("chữ ký số", "digital")
        )),
    }
    if let Some(q) = &s.decision {
        lines.push(format!("{}: {q}", lang.pick("Quyết định", "Decision")));
    }
    if let Some(r) = &s.required_by {
        lines.push(format!("{}: {r}", lang.pick("Luật yêu cầu", "Required by")));
    }
    if let Some(n) = &s.note {
        lines.push(format!("{}: {n}", lang.pick("Ghi chú", "Note")));
    }
    if let Some(m) = marks_text(marks, lang) {
        lines.push(format!("{}: {m}", lang.pick("Phân tích", "Analysis")));
    }
    lines.join("\n")
}

fn procedure_documentation(p: &Procedure, overlay: Option<&Overlay>, lang: Lang) -> String {
    let mut lines = vec![format!("{} — {}", p.code, p.name)];
    if let Some(a) = &p.authority {
        lines.push(format!(
            "{}: {a}",
            lang.pick("Cơ quan thực hiện", "Authority")
        ));
    }
    if let Some(d) = p.time_limit_days {
        lines.push(format!(
            "{}: {}",
            lang.pick("Thời hạn giải quyết", "Time limit"),
            lang.duration(d)
        ));
    }
    if !p.legal_basis.is_empty() {
        lines.push(format!(
            "{}: {}",
            lang.pick("Căn cứ pháp lý", "Legal basis"),
            p.legal_basis.join("; ")
        ));
    }
    if let Some(level) = overlay.and_then(|o| o.level) {
        lines.push(format!(
            "{}: {}",
            lang.pick("Mức độ", "Level"),
            level.label(lang)
        ));
    }
    if let Some(m) = overlay.and_then(|o| marks_text(&o.procedure, lang)) {
        lines.push(format!("{}: {m}", lang.pick("Phân tích", "Analysis")));
    }
    lines.join("\n")
}

fn opt<'a>(a: &mut Attrs<'a>, key: &'a str, value: Option<String>) {
    if let Some(v) = value {
        a.push((key, v));
    }
}

fn write_procedure_extension(
    xml: &mut Xml,
    p: &Procedure,
    overlay: Option<&Overlay>,
) -> io::Result<()> {
    let mut a: Attrs<'_> = vec![("code", p.code.clone())];
    opt(&mut a, "field", p.field.clone());
    opt(&mut a, "authority", p.authority.clone());
    opt(
        &mut a,
        "timeLimitDays",
        p.time_limit_days.map(|d| d.to_string()),
    );
    opt(&mut a, "feeVnd", p.fee_vnd.map(|d| d.to_string()));
    opt(
        &mut a,
        "annualVolume",
        p.annual_volume.map(|d| d.to_string()),
    );
    a.push(("published", p.published.to_string()));
    a.push(("formsDownloadable", p.forms_downloadable.to_string()));
    if p.flows.is_none() {
        a.push(("flows", "implicit".to_owned()));
    }
    opt(
        &mut a,
        "level",
        overlay.and_then(|o| o.level).map(|l| l.as_str().to_owned()),
    );
    xml.open("qt:procedure", &a)?;
    for b in &p.legal_basis {
        xml.text("qt:legalBasis", &[], b)?;
    }
    if let Some(r) = &p.result {
        let mut a: Attrs<'_> = Vec::new();
        opt(&mut a, "name", r.name.clone());
        a.push(("electronic", r.electronic.to_string()));
        xml.empty("qt:result", &a)?;
    }
    if let Some(n) = &p.note {
        xml.text("qt:note", &[], n)?;
    }
    for d in &p.documents {
        let mut a: Attrs<'_> = vec![
            ("id", d.id.clone()),
            ("name", d.name.clone()),
            (
                "form",
                match d.form {
                    quytrinh_model::Form::Electronic => "electronic",
                    quytrinh_model::Form::Paper => "paper",
                }
                .to_owned(),
            ),
        ];
        opt(&mut a, "availableFrom", d.available_from.clone());
        opt(&mut a, "requiredBy", d.required_by.clone());
        if d.kind == quytrinh_model::DocumentKind::Form {
            a.push(("kind", "form".to_owned()));
        }
        let marks = overlay.and_then(|o| o.documents.get(&d.id));
        if d.note.is_none() && marks.is_none() {
            xml.empty("qt:document", &a)?;
        } else {
            xml.open("qt:document", &a)?;
            if let Some(n) = &d.note {
                xml.text("qt:note", &[], n)?;
            }
            if let Some(m) = marks {
                write_marks(xml, m, None)?;
            }
            xml.close("qt:document")?;
        }
    }
    if let Some(o) = overlay {
        write_marks(xml, &o.procedure, None)?;
    }
    xml.close("qt:procedure")
}

fn write_step_extension(xml: &mut Xml, s: &Step, overlay: Option<&Overlay>) -> io::Result<()> {
    let mut a: Attrs<'_> = vec![
        ("id", s.id.clone()),
        ("action", s.action.as_str().to_owned()),
        ("channel", s.channel.as_str().to_owned()),
    ];
    match s.signature {
        Signature::None => {}
        Signature::Wet => a.push(("signature", "wet".to_owned())),
        Signature::Digital => a.push(("signature", "digital".to_owned())),
    }
    opt(
        &mut a,
        "durationDays",
        s.duration_days.map(|d| d.to_string()),
    );
    opt(&mut a, "requiredBy", s.required_by.clone());
    opt(&mut a, "decision", s.decision.clone());
    let own = overlay.and_then(|o| o.steps.get(&s.id));
    let docs = overlay.and_then(|o| o.step_documents.get(&s.id));
    xml.open("qt:step", &a)?;
    for d in &s.documents {
        xml.empty("qt:document", &[("ref", d.clone())])?;
    }
    if let Some(n) = &s.note {
        xml.text("qt:note", &[], n)?;
    }
    if let Some(m) = own {
        write_marks(xml, m, None)?;
    }
    for (doc, m) in docs.into_iter().flatten() {
        write_marks(xml, m, Some(doc))?;
    }
    xml.close("qt:step")
}

/// Everything broken at a step: its own marks and those of the documents it hands over.
fn step_marks(overlay: Option<&Overlay>, s: &Step) -> Marks {
    let mut m = Marks::default();
    let Some(o) = overlay else { return m };
    let mut add = |x: &Marks| {
        m.criteria.extend(x.criteria.iter().copied());
        m.justified.extend(x.justified.iter().copied());
    };
    if let Some(x) = o.steps.get(&s.id) {
        add(x);
    }
    for d in &s.documents {
        if let Some(x) = o.step_documents.get(&s.id).and_then(|docs| docs.get(d)) {
            add(x);
        }
        if let Some(x) = o.documents.get(d) {
            add(x);
        }
    }
    m
}

fn participant_id(m: usize) -> String {
    format!("Participant_{m}")
}

fn process_id(m: usize) -> String {
    format!("Process_{m}")
}

fn write_process(xml: &mut Xml, m: usize, pool: &Pool<'_>, lang: Lang) -> io::Result<()> {
    let plan = &pool.plan;
    let p = plan.procedure;
    xml.open(
        "bpmn:process",
        &[
            ("id", process_id(m)),
            ("name", p.name.clone()),
            ("isExecutable", "true".to_owned()),
        ],
    )?;
    xml.text(
        "bpmn:documentation",
        &[],
        &procedure_documentation(p, pool.overlay, lang),
    )?;
    xml.open("bpmn:extensionElements", &[])?;
    write_procedure_extension(xml, p, pool.overlay)?;
    xml.close("bpmn:extensionElements")?;

    write_lanes(xml, m, pool)?;
    for (i, n) in plan.nodes.iter().enumerate() {
        write_node(xml, i, n, pool, lang)?;
    }
    for e in &plan.edges {
        write_sequence_flow(xml, e, plan)?;
    }
    xml.close("bpmn:process")
}

/// The lane set of pool `m`: a lane per actor in lane order, with its `qt:actor` and its flow
/// nodes.
fn write_lanes(xml: &mut Xml, m: usize, pool: &Pool<'_>) -> io::Result<()> {
    let plan = &pool.plan;
    let p = plan.procedure;
    xml.open("bpmn:laneSet", &[("id", format!("LaneSet_{m}"))])?;
    for lane in p.lane_order() {
        let Some(actor) = p.actors.get(lane) else {
            continue;
        };
        xml.open(
            "bpmn:lane",
            &[("id", lane_id(m, actor)), ("name", actor.name.clone())],
        )?;
        xml.open("bpmn:extensionElements", &[])?;
        xml.empty(
            "qt:actor",
            &[
                ("id", actor.id.clone()),
                ("role", actor.role.as_str().to_owned()),
                ("position", lane.to_string()),
            ],
        )?;
        xml.close("bpmn:extensionElements")?;
        for n in plan.nodes.iter().filter(|n| n.lane == lane) {
            xml.text("bpmn:flowNodeRef", &[], &n.id)?;
        }
        xml.close("bpmn:lane")?;
    }
    xml.close("bpmn:laneSet")
}

/// Flow node `i` of a pool: a task (with its documentation and `qt:step`), a gateway or an
/// event, with its incoming and outgoing flows.
fn write_node(
    xml: &mut Xml,
    i: usize,
    n: &PlanNode,
    pool: &Pool<'_>,
    lang: Lang,
) -> io::Result<()> {
    let plan = &pool.plan;
    let p = plan.procedure;
    let (tag, mut attrs): (&str, Attrs<'_>) = match n.kind {
        NodeKind::Task(s) => {
            let name = p.steps.get(s).map(|s| s.name.clone()).unwrap_or_default();
            ("bpmn:task", vec![("id", n.id.clone()), ("name", name)])
        }
        NodeKind::Gateway(s, true) => {
            let mut a = vec![("id", n.id.clone())];
            opt(
                &mut a,
                "name",
                p.steps.get(s).and_then(|s| s.decision.clone()),
            );
            opt(&mut a, "default", default_of(plan, i).map(str::to_owned));
            ("bpmn:exclusiveGateway", a)
        }
        NodeKind::Gateway(_, false) => ("bpmn:parallelGateway", vec![("id", n.id.clone())]),
        NodeKind::Start => ("bpmn:startEvent", vec![("id", n.id.clone())]),
        NodeKind::End(_) => ("bpmn:endEvent", vec![("id", n.id.clone())]),
    };
    attrs.shrink_to_fit();
    xml.open(tag, &attrs)?;
    if let NodeKind::Task(s) = n.kind
        && let Some(step) = p.steps.get(s)
    {
        let marks = step_marks(pool.overlay, step);
        xml.text(
            "bpmn:documentation",
            &[],
            &step_documentation(p, s, step, &marks, lang),
        )?;
        xml.open("bpmn:extensionElements", &[])?;
        write_step_extension(xml, step, pool.overlay)?;
        xml.close("bpmn:extensionElements")?;
    }
    for e in plan.edges.iter().filter(|e| e.target == i) {
        xml.text("bpmn:incoming", &[], &e.id)?;
    }
    for e in plan.edges.iter().filter(|e| e.source == i) {
        xml.text("bpmn:outgoing", &[], &e.id)?;
    }
    xml.close(tag)
}

/// Sequence flow `e`: its `qt:flow` when not a plain normal flow, and the condition an
/// exclusive gateway's branch needs.
fn write_sequence_flow(xml: &mut Xml, e: &PlanEdge, plan: &Plan<'_>) -> io::Result<()> {
    let p = plan.procedure;
    let (Some(s), Some(t)) = (plan.nodes.get(e.source), plan.nodes.get(e.target)) else {
        return Ok(());
    };
    let flow = e.flow.and_then(|k| plan.flows.get(k));
    let mut a: Attrs<'_> = vec![("id", e.id.clone())];
    opt(&mut a, "name", flow.and_then(|f| f.label.clone()));
    a.push(("sourceRef", s.id.clone()));
    a.push(("targetRef", t.id.clone()));
    let extension = flow.filter(|f| f.kind != FlowKind::Normal || f.chosen_by.is_some());
    // Out of an exclusive gateway, every flow but the default needs a condition (an
    // engine refuses the model otherwise): the branch taken, named by the step it enters.
    let condition = matches!(s.kind, NodeKind::Gateway(_, true))
        && default_of(plan, e.source) != Some(e.id.as_str());
    if extension.is_none() && !condition {
        return xml.empty("bpmn:sequenceFlow", &a);
    }
    xml.open("bpmn:sequenceFlow", &a)?;
    if let Some(f) = extension {
        xml.open("bpmn:extensionElements", &[])?;
        let mut fa: Attrs<'_> = vec![("kind", f.kind.as_str().to_owned())];
        opt(
            &mut fa,
            "chosenBy",
            f.chosen_by.map(|c| c.as_str().to_owned()),
        );
        xml.empty("qt:flow", &fa)?;
        xml.close("bpmn:extensionElements")?;
    }
    if condition {
        let branch = match t.kind {
            NodeKind::Task(i) => p.steps.get(i).map_or_else(String::new, |s| s.id.clone()),
            _ => "end".to_owned(),
        };
        let literal = serde_json::to_string(&branch).unwrap_or_default();
        xml.text(
            "bpmn:conditionExpression",
            &[("xsi:type", "bpmn:tFormalExpression".to_owned())],
            &format!("branch == {literal}"),
        )?;
    }
    xml.close("bpmn:sequenceFlow")
}

/// The default flow out of node `g` (an exclusive gateway): the way on (a normal flow, or
/// into the end), else the first.
fn default_of<'p>(plan: &'p Plan<'_>, g: usize) -> Option<&'p str> {
    let out = || plan.edges.iter().filter(|e| e.source == g);
    out()
        .find(|e| {
            e.flow
                .and_then(|k| plan.flows.get(k))
                .is_none_or(|f| f.kind == FlowKind::Normal)
        })
        .or_else(|| out().next())
        .map(|e| e.id.as_str())
}

fn lane_id(m: usize, actor: &quytrinh_model::Actor) -> String {
    format!("Lane_{m}_{}", sanitize(&actor.id))
}

/// An id made of NCName-safe ASCII (actor ids are free text in the format).
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The BPMN of `pools` (one for a procedure, one per member for a group).
pub(crate) fn write(
    pools: &[Pool<'_>],
    group: Option<&GroupInfo<'_>>,
    layout: &Layout,
    lang: Lang,
) -> io::Result<String> {
    let geo = geometry(pools, layout);
    let mut xml = Xml::new()?;
    let code = group.map_or_else(
        || {
            pools
                .first()
                .map(|p| p.plan.procedure.code.clone())
                .unwrap_or_default()
        },
        |g| g.group.code.clone(),
    );
    xml.open(
        "bpmn:definitions",
        &[
            ("xmlns:bpmn", BPMN.to_owned()),
            ("xmlns:bpmndi", BPMNDI.to_owned()),
            ("xmlns:dc", DC.to_owned()),
            ("xmlns:xsi", XSI.to_owned()),
            ("xmlns:di", DI.to_owned()),
            ("xmlns:color", COLOR.to_owned()),
            ("xmlns:qt", QT.to_owned()),
            ("id", format!("Definitions_{}", sanitize(&code))),
            ("targetNamespace", QT.to_owned()),
            ("exporter", "quytrinh".to_owned()),
            ("exporterVersion", env!("CARGO_PKG_VERSION").to_owned()),
        ],
    )?;
    let message_flows = group.map_or_else(Vec::new, |g| message_flows(pools, g, &geo));

    xml.open(
        "bpmn:collaboration",
        &[("id", "Collaboration_1".to_owned())],
    )?;
    if let Some(g) = group {
        write_group_extension(&mut xml, g, lang)?;
    }
    for (m, pool) in pools.iter().enumerate() {
        let p = pool.plan.procedure;
        xml.empty(
            "bpmn:participant",
            &[
                ("id", participant_id(m)),
                ("name", format!("{} — {}", p.code, p.name)),
                ("processRef", process_id(m)),
            ],
        )?;
    }
    for f in &message_flows {
        write_message_flow(&mut xml, f, lang)?;
    }
    xml.close("bpmn:collaboration")?;

    for (m, pool) in pools.iter().enumerate() {
        write_process(&mut xml, m, pool, lang)?;
    }

    // Diagram interchange.
    xml.open("bpmndi:BPMNDiagram", &[("id", "BPMNDiagram_1".to_owned())])?;
    xml.open(
        "bpmndi:BPMNPlane",
        &[
            ("id", "BPMNPlane_1".to_owned()),
            ("bpmnElement", "Collaboration_1".to_owned()),
        ],
    )?;
    for (m, pool) in pools.iter().enumerate() {
        write_pool_shapes(&mut xml, m, pool, &geo)?;
    }
    for f in &message_flows {
        edge(&mut xml, &f.id, &f.waypoints())?;
    }
    xml.close("bpmndi:BPMNPlane")?;
    xml.close("bpmndi:BPMNDiagram")?;
    xml.close("bpmn:definitions")?;
    Ok(xml.finish())
}

/// A message flow's end: its BPMN id (a task, or the pool when the link names no step), its
/// shape, and the shape of its pool.
type End = (String, Rect, Rect);

/// A link of a group drawn as a message flow between pools.
struct MessageFlow<'a> {
    id: String,
    source: End,
    target: End,
    link: &'a Link,
    /// The analysis found the link not online.
    blocking: bool,
}

impl MessageFlow<'_> {
    /// Its waypoints: it turns in the gap just outside the target's pool, so it crosses the
    /// pools between straight down (or up) and reaches the target square on.
    fn waypoints(&self) -> Vec<(f64, f64)> {
        let ((_, s, _), (_, t, tp)) = (&self.source, &self.target);
        if t.cy() >= s.cy() {
            let mid = tp.y - POOL_GAP / 2.0;
            vec![
                (s.cx(), s.bottom()),
                (s.cx(), mid),
                (t.cx(), mid),
                (t.cx(), t.y),
            ]
        } else {
            let mid = tp.bottom() + POOL_GAP / 2.0;
            vec![
                (s.cx(), s.y),
                (s.cx(), mid),
                (t.cx(), mid),
                (t.cx(), t.bottom()),
            ]
        }
    }
}

/// The group's links whose both ends are drawn, as message flows.
fn message_flows<'a>(
    pools: &[Pool<'_>],
    g: &GroupInfo<'a>,
    geo: &Geometry,
) -> Vec<MessageFlow<'a>> {
    // Where each member's steps are.
    let mut task_of: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    let mut pool_of: HashMap<&str, usize> = HashMap::new();
    for (m, pool) in pools.iter().enumerate() {
        let p = pool.plan.procedure;
        pool_of.insert(p.code.as_str(), m);
        for (i, s) in p.steps.iter().enumerate() {
            task_of.insert((p.code.as_str(), s.id.as_str()), (m, i));
        }
    }
    let end_of = |code: &str, step: Option<&String>| -> Option<End> {
        match step {
            Some(s) => {
                let &(m, i) = task_of.get(&(code, s.as_str()))?;
                let pool = pools.get(m)?;
                Some((
                    pool.plan.nodes.get(i)?.id.clone(),
                    *geo.nodes.get(m)?.get(i)?,
                    *geo.pools.get(m)?,
                ))
            }
            None => {
                let &m = pool_of.get(code)?;
                let r = *geo.pools.get(m)?;
                Some((participant_id(m), r, r))
            }
        }
    };
    let mut flows = Vec::new();
    for (k, l) in g.links.iter().enumerate() {
        if let (Some(source), Some(target)) = (
            end_of(&l.from, l.from_step.as_ref()),
            end_of(&l.to, l.to_step.as_ref()),
        ) {
            flows.push(MessageFlow {
                id: format!("MessageFlow_{k}"),
                source,
                target,
                link: l,
                blocking: g.blocking_links.contains(&k),
            });
        }
    }
    flows
}

/// The group's documentation and `qt:group` extension, in the collaboration.
fn write_group_extension(xml: &mut Xml, g: &GroupInfo<'_>, lang: Lang) -> io::Result<()> {
    let mut doc = format!("{} — {}", g.group.code, g.group.name);
    if let Some(level) = g.level {
        doc.push_str(&format!(
            "\n{}: {}",
            lang.pick("Mức độ", "Level"),
            level.label(lang)
        ));
    }
    xml.text("bpmn:documentation", &[], &doc)?;
    xml.open("bpmn:extensionElements", &[])?;
    let mut a: Attrs<'_> = vec![
        ("code", g.group.code.clone()),
        ("name", g.group.name.clone()),
    ];
    opt(
        &mut a,
        "timeLimitDays",
        g.group.time_limit_days.map(|d| d.to_string()),
    );
    opt(&mut a, "level", g.level.map(|l| l.as_str().to_owned()));
    match &g.group.note {
        Some(n) => {
            xml.open("qt:group", &a)?;
            xml.text("qt:note", &[], n)?;
            xml.close("qt:group")?;
        }
        None => xml.empty("qt:group", &a)?,
    }
    xml.close("bpmn:extensionElements")
}

/// One message flow: its documentation (channel, what it carries, whether it blocks) and its
/// `qt:link` extension.
fn write_message_flow(xml: &mut Xml, f: &MessageFlow<'_>, lang: Lang) -> io::Result<()> {
    let l = f.link;
    let mut a: Attrs<'_> = vec![("id", f.id.clone())];
    opt(&mut a, "name", l.label.clone());
    a.push(("sourceRef", f.source.0.clone()));
    a.push(("targetRef", f.target.0.clone()));
    xml.open("bpmn:messageFlow", &a)?;
    let mut doc = format!(
        "{}: {}",
        lang.pick("Kênh", "Channel"),
        l.channel.label(lang)
    );
    if !l.carries.is_empty() {
        doc.push_str(&format!(
            "\n{}: {}",
            lang.pick("Chuyển", "Carries"),
            l.carries.join(", ")
        ));
    }
    if f.blocking {
        doc.push_str(&format!(
            "\n{}",
            lang.pick(
                "Phân tích: liên thông chưa trực tuyến",
                "Analysis: the link is not online"
            )
        ));
    }
    xml.text("bpmn:documentation", &[], &doc)?;
    xml.open("bpmn:extensionElements", &[])?;
    let mut a: Attrs<'_> = vec![
        ("from", l.from.clone()),
        ("to", l.to.clone()),
        ("channel", l.channel.as_str().to_owned()),
    ];
    opt(&mut a, "fromStep", l.from_step.clone());
    opt(&mut a, "toStep", l.to_step.clone());
    if f.blocking {
        a.push(("blocking", "true".to_owned()));
    }
    if l.carries.is_empty() {
        xml.empty("qt:link", &a)?;
    } else {
        xml.open("qt:link", &a)?;
        for c in &l.carries {
            xml.text("qt:carries", &[], c)?;
        }
        xml.close("qt:link")?;
    }
    xml.close("bpmn:extensionElements")?;
    xml.close("bpmn:messageFlow")
}

/// The diagram interchange of pool `m`: its shape, its lanes', its nodes' (coloured by the
/// analysis marks) and its edges.
fn write_pool_shapes(xml: &mut Xml, m: usize, pool: &Pool<'_>, geo: &Geometry) -> io::Result<()> {
    let p = pool.plan.procedure;
    let empty = Vec::new();
    let lanes = geo.lanes.get(m).unwrap_or(&empty);
    shape(
        xml,
        &participant_id(m),
        geo.pools.get(m).copied().unwrap_or_default(),
        &[("isHorizontal", "true".to_owned())],
    )?;
    for (lane, r) in lanes {
        if let Some(actor) = p.actors.get(*lane) {
            shape(
                xml,
                &lane_id(m, actor),
                *r,
                &[("isHorizontal", "true".to_owned())],
            )?;
        }
    }
    let rects = geo.nodes.get(m);
    for (i, n) in pool.plan.nodes.iter().enumerate() {
        let r = rects.and_then(|v| v.get(i)).copied().unwrap_or_default();
        let mut extra: Attrs<'_> = Vec::new();
        if let NodeKind::Task(s) = n.kind
            && let Some(step) = p.steps.get(s)
        {
            let marks = step_marks(pool.overlay, step);
            let colours = if !marks.criteria.is_empty() {
                Some(BLOCKED)
            } else if !marks.justified.is_empty() {
                Some(JUSTIFIED)
            } else {
                None
            };
            if let Some((fill, stroke)) = colours {
                extra.push(("color:background-color", fill.to_owned()));
                extra.push(("color:border-color", stroke.to_owned()));
            }
        }
        if let NodeKind::Gateway(_, true) = n.kind {
            extra.push(("isMarkerVisible", "true".to_owned()));
        }
        shape(xml, &n.id, r, &extra)?;
    }
    for e in &pool.plan.edges {
        let (Some(s), Some(t)) = (
            rects.and_then(|v| v.get(e.source)),
            rects.and_then(|v| v.get(e.target)),
        ) else {
            continue;
        };
        let gateway = pool
            .plan
            .nodes
            .get(e.source)
            .is_some_and(|n| matches!(n.kind, NodeKind::Gateway(..)));
        edge(
            xml,
            &e.id,
            &waypoints(*s, *t, pool.plan.is_rework(e), gateway),
        )?;
    }
    Ok(())
}

fn shape(xml: &mut Xml, element: &str, r: Rect, extra: &[(&str, String)]) -> io::Result<()> {
    let mut a: Attrs<'_> = vec![
        ("id", format!("{element}_di")),
        ("bpmnElement", element.to_owned()),
    ];
    a.extend(extra.iter().cloned());
    xml.open("bpmndi:BPMNShape", &a)?;
    bounds(xml, r)?;
    xml.close("bpmndi:BPMNShape")
}

fn edge(xml: &mut Xml, element: &str, points: &[(f64, f64)]) -> io::Result<()> {
    xml.open(
        "bpmndi:BPMNEdge",
        &[
            ("id", format!("{element}_di")),
            ("bpmnElement", element.to_owned()),
        ],
    )?;
    for &(x, y) in points {
        xml.empty("di:waypoint", &[("x", num(x)), ("y", num(y))])?;
    }
    xml.close("bpmndi:BPMNEdge")
}
