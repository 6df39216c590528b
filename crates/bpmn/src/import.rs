//! BPMN 2.0 to the quytrinh format.
//!
//! Lanes become actors, tasks steps, sequence flows (through gateways and intermediate
//! events) flows, the pools of a collaboration the members of a group and its message flows
//! the group's links. What BPMN does not say is read from quytrinh's extension
//! (`qt:procedure`, `qt:actor`, `qt:step`, `qt:flow`, `qt:link`, `qt:group`) when the file
//! has it, and otherwise guessed: the actor's role from the lane's name, the step's action,
//! channel and signature from the task's name (`quytrinh_import::guess`), a flow's kind from
//! the diagram's shape. Every guess is reported with the id of the BPMN element it is about.

use std::collections::{BTreeSet, HashMap, HashSet};

use quytrinh_import::guess;
use quytrinh_model::{
    Action, Actor, Channel, ChosenBy, Code, Diagnostic, Document, DocumentKind, DossierDocument,
    Flow, FlowKind, Form, Group, Link, Member, Procedure, ProcedureResult, Role, Signature, Source,
    Step,
};

use crate::tree::{self, El};
use crate::xml::{BPMN, QT};

/// One thing the import assumed: about which BPMN element, what was decided and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// The id of the BPMN element (task, lane, flow, process…).
    pub element: String,
    /// What was guessed, in the model's terms (`action`, `channel`, `role`, `kind`…).
    pub field: String,
    /// The value taken.
    pub value: String,
    /// Why: the words that triggered it, or that nothing did and the value is a default.
    pub reason: String,
}

/// A BPMN file read as a quytrinh document, with every guess made on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The model read, a valid input document unless the drawing was incomplete.
    pub document: Document,
    /// Every value guessed (not written in the BPMN), with why.
    pub guesses: Vec<Guess>,
    /// Where each step came from, so a problem found in the model can be shown in the drawing.
    pub tasks: Vec<TaskPlace>,
}

/// The BPMN task a step was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskPlace {
    /// The procedure's code in the model.
    pub procedure: String,
    /// The step's id in the model.
    pub step: String,
    /// The task's element id.
    pub element: String,
    /// The task's 1-based line in the file.
    pub line: usize,
    /// The task's 1-based column in the file.
    pub column: usize,
}

const TASKS: &[&str] = &[
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "adHocSubProcess",
    "transaction",
];
const GATEWAYS: &[&str] = &[
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
];
const EVENTS: &[&str] = &[
    "startEvent",
    "endEvent",
    "intermediateThrowEvent",
    "intermediateCatchEvent",
    "boundaryEvent",
];

/// The diagnostics of one file.
struct Problems<'s> {
    source: &'s Source,
    list: Vec<Diagnostic>,
}

impl Problems<'_> {
    /// The attributes `a` and `b` of `el`, or a missing-field problem when either is absent.
    fn both<'e>(
        &mut self,
        el: &'e El,
        [a, b]: [&str; 2],
        message: &str,
        help: &str,
    ) -> Option<(&'e str, &'e str)> {
        match (el.attr(a), el.attr(b)) {
            (Some(x), Some(y)) => Some((x, y)),
            _ => {
                self.at(Code::MissingField, el, message.to_owned(), help);
                None
            }
        }
    }

    fn at(&mut self, code: Code, el: &El, message: String, help: &str) {
        let end = el.at + 1 + el.name.len();
        self.list.push(
            Diagnostic::at(code, self.source, el.at, end, message).with_help(help.to_owned()),
        );
    }
}

/// Reads the BPMN text of the file `name` as a quytrinh document. Errors (not XML, not BPMN, a
/// flow naming no element…) are located at the offending element.
pub fn import(name: &str, text: &str) -> Result<Imported, Vec<Diagnostic>> {
    let source = Source::new(name, text);
    let root = tree::parse(&source).map_err(|d| vec![*d])?;
    let mut problems = Problems {
        source: &source,
        list: Vec::new(),
    };
    if root.ns != BPMN || root.name != "definitions" {
        problems.at(
            Code::Shape,
            &root,
            format!("this is not a BPMN 2.0 file: its root element is <{}>", root.name),
            "a BPMN file starts with <bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">",
        );
        return Err(problems.list);
    }
    let mut guesses = Vec::new();
    let mut tasks = Vec::new();
    let processes: Vec<&El> = root.all(BPMN, "process").collect();
    let collaboration = root.first(BPMN, "collaboration");
    let participants: Vec<&El> = collaboration
        .map(|c| c.all(BPMN, "participant").collect())
        .unwrap_or_default();
    // Each process with the participant (pool) that shows it.
    let pools: Vec<(&El, Option<&El>)> = processes
        .iter()
        .map(|p| {
            let pool = participants
                .iter()
                .find(|x| x.attr("processRef") == p.attr("id"))
                .copied();
            (*p, pool)
        })
        .filter(|(p, _)| {
            p.children
                .iter()
                .any(|c| c.ns == BPMN && TASKS.contains(&c.name.as_str()))
        })
        .collect();
    if pools.is_empty() {
        problems.at(
            Code::Shape,
            &root,
            "the file holds no process with a task: there is no procedure to read".to_owned(),
            "draw the procedure's steps as tasks in a process (a pool)",
        );
        return Err(problems.list);
    }
    let mut procedures = Vec::new();
    // Where each BPMN element went: (procedure code, step id) of tasks, code of pools.
    let mut places: HashMap<String, (String, Option<String>)> = HashMap::new();
    let mut codes = HashSet::new();
    for (process, pool) in &pools {
        let p = procedure(
            process,
            *pool,
            &mut problems,
            &mut guesses,
            &mut places,
            &mut tasks,
        );
        if !codes.insert(p.code.clone()) {
            problems.at(
                Code::DuplicateId,
                process,
                format!("two pools have the procedure code `{}`", p.code),
                "give each pool's process its own qt:procedure code",
            );
        }
        if let Some(pool) = pool
            && let Some(id) = pool.attr("id")
        {
            places.insert(id.to_owned(), (p.code.clone(), None));
        }
        procedures.push(p);
    }
    if problems.list.iter().any(Diagnostic::is_error) {
        return Err(problems.list);
    }
    let document = if procedures.len() == 1 {
        Document {
            procedure: procedures.pop(),
            group: None,
        }
    } else {
        group_document(
            collaboration,
            procedures,
            &places,
            &mut problems,
            &mut guesses,
        )
    };
    if problems.list.iter().any(Diagnostic::is_error) {
        return Err(problems.list);
    }
    Ok(Imported {
        document,
        guesses,
        tasks,
    })
}

/// The group of a collaboration's pools: its code and name from `qt:group` (else the
/// collaboration's id and name, guesses), its members the procedures read, its links the
/// message flows.
fn group_document(
    collaboration: Option<&El>,
    procedures: Vec<Procedure>,
    places: &HashMap<String, (String, Option<String>)>,
    problems: &mut Problems<'_>,
    guesses: &mut Vec<Guess>,
) -> Document {
    let links = collaboration
        .map(|c| links(c, places, problems, guesses))
        .unwrap_or_default();
    let ext = collaboration.and_then(|c| c.extension(QT, "group"));
    let id = collaboration
        .and_then(|c| c.attr("id"))
        .unwrap_or("Collaboration");
    let code = match ext.and_then(|g| g.attr("code")) {
        Some(c) => c.to_owned(),
        None => {
            guesses.push(Guess {
                element: id.to_owned(),
                field: "group code".to_owned(),
                value: id.to_owned(),
                reason: "the collaboration's id (no qt:group code): write the group's code"
                    .to_owned(),
            });
            id.to_owned()
        }
    };
    let name = ext
        .and_then(|g| g.attr("name"))
        .or_else(|| collaboration.and_then(|c| c.attr("name")))
        .unwrap_or(&code)
        .to_owned();
    Document {
        procedure: None,
        group: Some(Group {
            code,
            name,
            time_limit_days: ext.and_then(|g| number(g, "timeLimitDays", problems)),
            procedures: procedures.into_iter().map(Member::inline).collect(),
            links,
            note: ext
                .and_then(|g| g.first(QT, "note"))
                .map(|n| n.text.clone()),
        }),
    }
}

fn number(el: &El, name: &str, problems: &mut Problems<'_>) -> Option<f64> {
    let v = el.attr(name)?;
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
        _ => {
            problems.at(
                Code::InvalidValue,
                el,
                format!("`{name}` is `{v}`, not a number of days"),
                "write a number ≥ 0 with a dot for decimals, e.g. 0.5",
            );
            None
        }
    }
}

fn whole(el: &El, name: &str, problems: &mut Problems<'_>) -> Option<u64> {
    let v = el.attr(name)?;
    match v.parse::<u64>() {
        Ok(x) => Some(x),
        Err(_) => {
            problems.at(
                Code::InvalidValue,
                el,
                format!("`{name}` is `{v}`, not a whole number ≥ 0"),
                "write digits only, e.g. 50000",
            );
            None
        }
    }
}

/// An enum value of the extension, by its name in the format.
fn value<T: serde::de::DeserializeOwned>(
    el: &El,
    name: &str,
    allowed: &str,
    problems: &mut Problems<'_>,
) -> Option<T> {
    let v = el.attr(name)?;
    match serde_json::from_value(serde_json::Value::String(v.to_owned())) {
        Ok(x) => Some(x),
        Err(_) => {
            problems.at(
                Code::UnknownValue,
                el,
                format!("`{name}` is `{v}`, which is not one of the allowed values"),
                &format!("allowed: {allowed}"),
            );
            None
        }
    }
}

const ROLES: &str = "applicant, agency, official, other_agency, service_provider";
const ACTIONS: &str = "submit, supplement, appear, pay, receive, process, verify, consult, approve, transfer, issue_result, return_result";
const CHANNELS: &str = "online, in_person, postal, paper, field";

/// An id of the format (`[A-Za-z0-9_.-]+`) from a BPMN id or free text.
fn model_id(s: &str) -> String {
    let id: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() { "_".to_owned() } else { id }
}

fn bool_attr(el: &El, name: &str) -> bool {
    el.attr(name) == Some("true")
}

fn reason(phrase: Option<&str>) -> String {
    match phrase {
        Some(p) => format!("from the words “{p}”"),
        None => "nothing in the name says: the default".to_owned(),
    }
}

/// The leaf lanes of a lane set (child lane sets flattened), in document order.
fn leaf_lanes<'a>(set: &'a El, out: &mut Vec<&'a El>) {
    for lane in set.all(BPMN, "lane") {
        match lane.first(BPMN, "childLaneSet") {
            Some(child) if child.all(BPMN, "lane").next().is_some() => leaf_lanes(child, out),
            _ => out.push(lane),
        }
    }
}

fn procedure(
    process: &El,
    pool: Option<&El>,
    problems: &mut Problems<'_>,
    guesses: &mut Vec<Guess>,
    places: &mut HashMap<String, (String, Option<String>)>,
    tasks: &mut Vec<TaskPlace>,
) -> Procedure {
    let ext = process.extension(QT, "procedure");
    let (pid, code, name) = identity(process, pool, ext, guesses);

    let (actors, lane_of) = actors(process, pool, &pid, &name, problems, guesses);
    let (documents, data_documents) = documents(process, ext, problems, guesses);

    // Flow nodes.
    let nodes: Vec<&El> = process
        .children
        .iter()
        .filter(|c| {
            c.ns == BPMN
                && (TASKS.contains(&c.name.as_str())
                    || GATEWAYS.contains(&c.name.as_str())
                    || EVENTS.contains(&c.name.as_str()))
        })
        .collect();
    let node_of: HashMap<&str, &El> = nodes
        .iter()
        .filter_map(|n| Some((n.attr("id")?, *n)))
        .collect();

    // Steps, one per task.
    let mut steps: Vec<Step> = Vec::new();
    let mut step_of: HashMap<&str, usize> = HashMap::new();
    let mut step_ids = HashSet::new();
    for n in nodes.iter().filter(|n| TASKS.contains(&n.name.as_str())) {
        let Some(eid) = n.attr("id") else {
            problems.at(
                Code::MissingField,
                n,
                format!("a <{}> without an id", n.name),
                "give every task an id",
            );
            continue;
        };
        let actor_ix = lane_of.get(eid).copied().unwrap_or(0);
        let actor = actors.get(actor_ix).cloned().unwrap_or_else(|| Actor {
            id: "actor".to_owned(),
            name: String::new(),
            role: Role::Agency,
        });
        let id = n
            .extension(QT, "step")
            .and_then(|q| q.attr("id"))
            .map_or_else(|| model_id(eid), str::to_owned);
        if !step_ids.insert(id.clone()) {
            problems.at(
                Code::DuplicateId,
                n,
                format!("two tasks are the step `{id}`"),
                "give each task its own id",
            );
            continue;
        }
        let step = task_step(
            n,
            eid,
            id.clone(),
            &actor,
            &data_documents,
            problems,
            guesses,
        );
        let (line, column) = problems.source.line_column(n.at);
        tasks.push(TaskPlace {
            procedure: code.clone(),
            step: id.clone(),
            element: eid.to_owned(),
            line,
            column,
        });
        places.insert(eid.to_owned(), (code.clone(), Some(id)));
        step_of.insert(eid, steps.len());
        steps.push(step);
    }
    let graph = Graph {
        out_of: sequence_flows(process, &node_of, problems),
        boundary: boundary_events(&nodes, guesses),
        nodes,
        node_of,
        step_of,
    };
    let (mut flows, mut guessed_kind) = model_flows(&graph, &mut steps, ext.is_none(), problems);

    let start = Start {
        graph: &graph,
        pid: &pid,
        plain: ext.is_none(),
    };
    start.first(&mut steps, &mut flows, &mut guessed_kind, guesses);

    let implicit = ext.and_then(|e| e.attr("flows")) == Some("implicit");
    let result = ext
        .and_then(|e| e.first(QT, "result"))
        .map(|r| ProcedureResult {
            name: r.attr("name").map(str::to_owned),
            electronic: bool_attr(r, "electronic"),
        });
    Procedure {
        code,
        name,
        field: ext.and_then(|e| e.attr("field")).map(str::to_owned),
        authority: ext.and_then(|e| e.attr("authority")).map(str::to_owned),
        legal_basis: ext
            .map(|e| e.all(QT, "legalBasis").map(|b| b.text.clone()).collect())
            .unwrap_or_default(),
        time_limit_days: ext.and_then(|e| number(e, "timeLimitDays", problems)),
        fee_vnd: ext.and_then(|e| whole(e, "feeVnd", problems)),
        annual_volume: ext.and_then(|e| whole(e, "annualVolume", problems)),
        published: ext.is_some_and(|e| bool_attr(e, "published")),
        forms_downloadable: ext.is_some_and(|e| bool_attr(e, "formsDownloadable")),
        result,
        actors,
        documents,
        steps,
        flows: if implicit { None } else { Some(flows) },
        note: ext
            .and_then(|e| e.first(QT, "note"))
            .map(|n| n.text.clone()),
    }
}

/// The process id, and the procedure's code (from `qt:procedure`, else the process id, a
/// guess) and name (the process's, else the pool's, else the code).
fn identity(
    process: &El,
    pool: Option<&El>,
    ext: Option<&El>,
    guesses: &mut Vec<Guess>,
) -> (String, String, String) {
    let pid = process.attr("id").unwrap_or("Process").to_owned();
    let code = match ext.and_then(|e| e.attr("code")) {
        Some(c) => c.to_owned(),
        None => {
            guesses.push(Guess {
                element: pid.clone(),
                field: "code".to_owned(),
                value: pid.clone(),
                reason: "the process id (BPMN has no procedure code): write the mã TTHC".to_owned(),
            });
            pid.clone()
        }
    };
    let name = process
        .attr("name")
        .or_else(|| pool.and_then(|p| p.attr("name")))
        .unwrap_or(&code)
        .to_owned();
    (pid, code, name)
}

/// Where a procedure read from a drawing starts.
struct Start<'g, 'e> {
    graph: &'g Graph<'e>,
    /// The process id, for the guess when no start event leads to a task.
    pid: &'g str,
    /// The drawing has no `qt:procedure` extension: flow kinds were guessed.
    plain: bool,
}

impl Start<'_, '_> {
    /// Puts the start step first (the others stay in the file's order); without the extension,
    /// a flow that closes a cycle from there is a loop back (rework). Reports the guesses about
    /// the start and the flows' kinds.
    fn first(
        &self,
        steps: &mut Vec<Step>,
        flows: &mut [Flow],
        guessed_kind: &mut [(String, Option<String>)],
        guesses: &mut Vec<Guess>,
    ) {
        // Without the extension, a flow that closes a cycle is a loop back (rework).
        let start_task = self.graph.start_task();
        let first = start_task.unwrap_or(0);
        if start_task.is_none() && !steps.is_empty() {
            guesses.push(Guess {
                element: self.pid.to_owned(),
                field: "start".to_owned(),
                value: steps.first().map(|s| s.id.clone()).unwrap_or_default(),
                reason: "no start event leads to a task: the first task in the file starts"
                    .to_owned(),
            });
        }
        if self.plain {
            mark_back_edges(steps, flows, guessed_kind, first);
        }
        for (f, (fid, why)) in flows.iter().zip(guessed_kind.iter()) {
            if let Some(r) = why {
                guesses.push(Guess {
                    element: fid.clone(),
                    field: "kind".to_owned(),
                    value: f.kind.as_str().to_owned(),
                    reason: r.clone(),
                });
            }
        }
        // The start step first, the others in the file's order.
        if first > 0 && first < steps.len() {
            let s = steps.remove(first);
            steps.insert(0, s);
        }
    }
}

/// The actors of a process: one per leaf lane (a lane's `qt:actor` gives its id, role and place
/// in the model's list; else its role is guessed from its name), or one for the whole pool;
/// and the actor of each flow node, by element id.
fn actors(
    process: &El,
    pool: Option<&El>,
    pid: &str,
    name: &str,
    problems: &mut Problems<'_>,
    guesses: &mut Vec<Guess>,
) -> (Vec<Actor>, HashMap<String, usize>) {
    let mut lanes = Vec::new();
    for set in process.all(BPMN, "laneSet") {
        leaf_lanes(set, &mut lanes);
    }
    // (place in the model's `actors` when the file says, actor, its flow nodes)
    let mut lane_actors: Vec<(Option<usize>, Actor, Vec<String>)> = Vec::new();
    let mut actor_ids = HashSet::new();
    for lane in &lanes {
        let lid = lane.attr("id").unwrap_or("Lane");
        let lname = lane.attr("name").unwrap_or(lid).to_owned();
        let qt = lane.extension(QT, "actor");
        let id = qt
            .and_then(|a| a.attr("id"))
            .map_or_else(|| model_id(lid), str::to_owned);
        let role = match qt.and_then(|a| value::<Role>(a, "role", ROLES, problems)) {
            Some(r) => r,
            None => {
                let g = guess::role(&lname);
                guesses.push(Guess {
                    element: lid.to_owned(),
                    field: "role".to_owned(),
                    value: g.value.as_str().to_owned(),
                    reason: reason(g.phrase.as_deref()),
                });
                g.value
            }
        };
        if !actor_ids.insert(id.clone()) {
            continue;
        }
        let position = qt
            .and_then(|a| a.attr("position"))
            .and_then(|p| p.parse().ok());
        let refs = lane
            .all(BPMN, "flowNodeRef")
            .map(|r| r.text.trim().to_owned())
            .collect();
        lane_actors.push((
            position,
            Actor {
                id,
                name: lname,
                role,
            },
            refs,
        ));
    }
    // Lanes are drawn in lane order; the model's order of actors comes back from `position`.
    lane_actors.sort_by_key(|(position, _, _)| *position);
    let mut actors: Vec<Actor> = Vec::new();
    let mut lane_of: HashMap<String, usize> = HashMap::new();
    for (_, actor, refs) in lane_actors {
        for r in refs {
            lane_of.insert(r, actors.len());
        }
        actors.push(actor);
    }
    if actors.is_empty() {
        let aname = pool.and_then(|p| p.attr("name")).unwrap_or(name).to_owned();
        let g = guess::role(&aname);
        guesses.push(Guess {
            element: pool.and_then(|p| p.attr("id")).unwrap_or(pid).to_owned(),
            field: "role".to_owned(),
            value: g.value.as_str().to_owned(),
            reason: format!(
                "the pool has no lanes: one actor for every task; {}",
                reason(g.phrase.as_deref())
            ),
        });
        actors.push(Actor {
            id: "actor".to_owned(),
            name: aname,
            role: g.value,
        });
    }
    (actors, lane_of)
}

/// The documents of the dossier: the `qt:document`s of the extension, or, in a drawing
/// without it, a document per data object (its form guessed from its name), with the model id
/// of each data object reference.
fn documents(
    process: &El,
    ext: Option<&El>,
    problems: &mut Problems<'_>,
    guesses: &mut Vec<Guess>,
) -> (Vec<DossierDocument>, HashMap<String, String>) {
    let mut documents: Vec<DossierDocument> = Vec::new();
    if let Some(e) = ext {
        for d in e.all(QT, "document") {
            let Some((id, dname)) = problems.both(
                d,
                ["id", "name"],
                "a qt:document needs `id` and `name`",
                "write both",
            ) else {
                continue;
            };
            documents.push(DossierDocument {
                id: id.to_owned(),
                name: dname.to_owned(),
                form: value::<Form>(d, "form", "electronic, paper", problems)
                    .unwrap_or(Form::Paper),
                available_from: d.attr("availableFrom").map(str::to_owned),
                required_by: d.attr("requiredBy").map(str::to_owned),
                kind: value::<DocumentKind>(d, "kind", "attachment, form", problems)
                    .unwrap_or_default(),
                note: d.first(QT, "note").map(|n| n.text.clone()),
            });
        }
    }
    // Data objects of a drawing without the extension: a document each.
    let mut data_documents: HashMap<String, String> = HashMap::new();
    if ext.is_none() {
        let objects: HashMap<&str, &El> = process
            .all(BPMN, "dataObject")
            .filter_map(|o| Some((o.attr("id")?, o)))
            .collect();
        for r in process.all(BPMN, "dataObjectReference") {
            let Some(rid) = r.attr("id") else { continue };
            let dname = r
                .attr("name")
                .or_else(|| {
                    r.attr("dataObjectRef")
                        .and_then(|o| objects.get(o))
                        .and_then(|o| o.attr("name"))
                })
                .unwrap_or(rid);
            let electronic = ["điện tử", "bản số", "bản scan", "file"]
                .iter()
                .any(|w| dname.to_lowercase().contains(w));
            let form = if electronic {
                Form::Electronic
            } else {
                Form::Paper
            };
            guesses.push(Guess {
                element: rid.to_owned(),
                field: "document form".to_owned(),
                value: if electronic { "electronic" } else { "paper" }.to_owned(),
                reason: if electronic {
                    "the name says it is electronic".to_owned()
                } else {
                    "the name does not say it is electronic: the paper original".to_owned()
                },
            });
            let id = model_id(rid);
            data_documents.insert(rid.to_owned(), id.clone());
            documents.push(DossierDocument {
                id,
                name: dname.to_owned(),
                form,
                available_from: None,
                required_by: None,
                kind: DocumentKind::Attachment,
                note: None,
            });
        }
    }
    (documents, data_documents)
}

/// The step of task `n` (element `eid`, step `id`, in the lane of `actor`): read from its
/// `qt:step`, or guessed from its name and documentation.
fn task_step(
    n: &El,
    eid: &str,
    id: String,
    actor: &Actor,
    data_documents: &HashMap<String, String>,
    problems: &mut Problems<'_>,
    guesses: &mut Vec<Guess>,
) -> Step {
    let tname = n.attr("name").unwrap_or(eid).trim().to_owned();
    let mut step = Step::new(
        id.clone(),
        tname,
        actor.id.clone(),
        Action::Process,
        Channel::Paper,
    );
    if n.name == "subProcess" || n.name == "adHocSubProcess" || n.name == "transaction" {
        guesses.push(Guess {
            element: eid.to_owned(),
            field: "step".to_owned(),
            value: id.clone(),
            reason: "a sub-process is read as one step; its inside is left out".to_owned(),
        });
    }
    match n.extension(QT, "step") {
        Some(q) => read_step_extension(q, &mut step, problems),
        None => guess_step(n, eid, actor.role, &mut step, data_documents, guesses),
    }
    step
}

/// The step's fields from its `qt:step` extension; a missing action or channel is a problem.
fn read_step_extension(q: &El, step: &mut Step, problems: &mut Problems<'_>) {
    step.action = value::<Action>(q, "action", ACTIONS, problems).unwrap_or(Action::Process);
    step.channel = value::<Channel>(q, "channel", CHANNELS, problems).unwrap_or(Channel::Paper);
    step.signature =
        value::<Signature>(q, "signature", "none, wet, digital", problems).unwrap_or_default();
    step.duration_days = number(q, "durationDays", problems);
    step.required_by = q.attr("requiredBy").map(str::to_owned);
    step.decision = q.attr("decision").map(str::to_owned);
    step.note = q.first(QT, "note").map(|x| x.text.clone());
    step.documents = q
        .all(QT, "document")
        .filter_map(|d| d.attr("ref").map(str::to_owned))
        .collect();
    for missing in ["action", "channel"] {
        if q.attr(missing).is_none() {
            problems.at(
                Code::MissingField,
                q,
                format!("qt:step has no `{missing}`"),
                "write it, or drop qt:step to let the import guess",
            );
        }
    }
}

/// The step's action, channel and signature guessed from task `n`'s name (`role`: its lane's,
/// read or guessed), its duration from the task's documentation, its documents from the data
/// objects it takes in.
fn guess_step(
    n: &El,
    eid: &str,
    role: Role,
    step: &mut Step,
    data_documents: &HashMap<String, String>,
    guesses: &mut Vec<Guess>,
) {
    let tname = step.name.clone();
    let action = guess::action(&tname, role);
    let channel = guess::channel(&tname, action.value);
    let signature = guess::signature(&tname, action.value);
    step.action = action.value;
    step.channel = channel.value;
    step.signature = signature.value;
    for (field, value, phrase) in [
        ("action", action.value.as_str(), action.phrase.as_deref()),
        ("channel", channel.value.as_str(), channel.phrase.as_deref()),
    ] {
        guesses.push(Guess {
            element: eid.to_owned(),
            field: field.to_owned(),
            value: value.to_owned(),
            reason: reason(phrase),
        });
    }
    if signature.phrase.is_some() {
        guesses.push(Guess {
            element: eid.to_owned(),
            field: "signature".to_owned(),
            value: match signature.value {
                Signature::None => "none",
                Signature::Wet => "wet",
                Signature::Digital => "digital",
            }
            .to_owned(),
            reason: reason(signature.phrase.as_deref()),
        });
    }
    let doc_text = n
        .first(BPMN, "documentation")
        .map(|d| d.text.as_str())
        .unwrap_or_default();
    if let Some(t) = guess::duration(doc_text) {
        step.duration_days = Some(t.days);
        guesses.push(Guess {
            element: eid.to_owned(),
            field: "duration_days".to_owned(),
            value: t.days.to_string(),
            reason: format!("from the documentation: “{}”", t.phrase),
        });
    }
    for assoc in n.all(BPMN, "dataInputAssociation") {
        for s in assoc.all(BPMN, "sourceRef") {
            if let Some(d) = data_documents.get(s.text.trim()) {
                step.documents.push(d.clone());
            }
        }
    }
}

/// The flow nodes of a process (element `'e`) and how its sequence flows join them.
struct Graph<'e> {
    /// Tasks, gateways and events, in the file's order.
    nodes: Vec<&'e El>,
    /// Each of them by id.
    node_of: HashMap<&'e str, &'e El>,
    /// The sequence flows leaving each element, by its id.
    out_of: HashMap<&'e str, Vec<&'e El>>,
    /// The step of each task read, by the task's id.
    step_of: HashMap<&'e str, usize>,
    /// The boundary events: (the task each is attached to, its id).
    boundary: Vec<(&'e str, &'e str)>,
}

impl<'e> Graph<'e> {
    /// The tasks reached from task `eid` (and its boundary events) through gateways and
    /// events, in the file's order of the flows that reach them: (the step, the last sequence
    /// flow, whether a gateway that chooses was passed, the last such gateway).
    fn reached(&self, eid: &'e str) -> Vec<(usize, &'e El, bool, Option<&'e El>)> {
        let (out_of, step_of, node_of) = (&self.out_of, &self.step_of, &self.node_of);
        let mut found: Vec<(usize, &El, bool, Option<&El>)> = Vec::new();
        let mut starts: Vec<&str> = vec![eid];
        starts.extend(
            self.boundary
                .iter()
                .filter(|(t, _)| *t == eid)
                .map(|(_, b)| *b),
        );
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack: Vec<(&str, bool, Option<&El>)> =
            starts.iter().map(|s| (*s, false, None)).collect();
        while let Some((at, choice, gateway)) = stack.pop() {
            if !seen.insert(at) {
                continue;
            }
            for f in out_of.get(at).map(Vec::as_slice).unwrap_or_default() {
                let Some(t) = f.attr("targetRef") else {
                    continue;
                };
                if let Some(&to) = step_of.get(t) {
                    found.push((to, f, choice, gateway));
                } else if let Some(n) = node_of.get(t) {
                    let is_choice = matches!(
                        n.name.as_str(),
                        "exclusiveGateway"
                            | "inclusiveGateway"
                            | "eventBasedGateway"
                            | "complexGateway"
                    ) && out_of.get(t).is_some_and(|o| o.len() >= 2);
                    stack.push((
                        t,
                        choice || is_choice,
                        if is_choice { Some(*n) } else { gateway },
                    ));
                }
            }
        }
        // Document order of the flows, whatever the walk's order.
        found.sort_by_key(|(_, f, _, _)| f.at);
        found
    }

    /// The step a start event leads to (through gateways and events), if one does.
    fn start_task(&self) -> Option<usize> {
        let (out_of, step_of) = (&self.out_of, &self.step_of);
        self.nodes
            .iter()
            .filter(|n| n.name == "startEvent")
            .find_map(|n| {
                let mut at = n.attr("id")?;
                let mut seen = HashSet::new();
                loop {
                    if !seen.insert(at) {
                        return None;
                    }
                    let t = out_of.get(at)?.first()?.attr("targetRef")?;
                    if step_of.contains_key(t) {
                        return Some(t);
                    }
                    at = t;
                }
            })
            .and_then(|t| step_of.get(t).copied())
    }
}

/// The sequence flows of a process by the element each leaves; a flow without both ends, or
/// naming an element outside the process, is a problem.
fn sequence_flows<'e>(
    process: &'e El,
    node_of: &HashMap<&'e str, &'e El>,
    problems: &mut Problems<'_>,
) -> HashMap<&'e str, Vec<&'e El>> {
    let mut out_of: HashMap<&str, Vec<&El>> = HashMap::new();
    for f in process.all(BPMN, "sequenceFlow") {
        let Some((s, t)) = problems.both(
            f,
            ["sourceRef", "targetRef"],
            "a sequence flow needs `sourceRef` and `targetRef`",
            "connect both ends of the flow",
        ) else {
            continue;
        };
        for end in [s, t] {
            if !node_of.contains_key(end) {
                problems.at(
                Code::UnknownReference,
                f,
                format!("the sequence flow names `{end}`, which is no task, gateway or event of this process"),
                "connect the flow to an element of the same pool",
            );
            }
        }
        out_of.entry(s).or_default().push(f);
    }
    out_of
}

/// The boundary events among `nodes`, as (the task each is attached to, its id); a boundary
/// event continues from that task, which is reported as a guess.
fn boundary_events<'e>(nodes: &[&'e El], guesses: &mut Vec<Guess>) -> Vec<(&'e str, &'e str)> {
    let mut boundary = Vec::new();
    for n in nodes.iter().filter(|n| n.name == "boundaryEvent") {
        if let (Some(task), Some(id)) = (n.attr("attachedToRef"), n.attr("id")) {
            guesses.push(Guess {
                element: id.to_owned(),
                field: "flow".to_owned(),
                value: task.to_owned(),
                reason: "a boundary event's flows are read as leaving the task it is attached to"
                    .to_owned(),
            });
            boundary.push((task, id));
        }
    }
    boundary
}

/// The model's flows: from each task through gateways and events to the next tasks, in the
/// order of the file (quytrinh writes the model's flows in the model's order), each with the id
/// of its last sequence flow and why its kind was guessed. A gateway's name becomes the
/// decision of the step before it; without the extension (`plain`), a flow out of a gateway
/// that chooses is an alternative or a refusal.
fn model_flows(
    g: &Graph<'_>,
    steps: &mut [Step],
    plain: bool,
    problems: &mut Problems<'_>,
) -> (Vec<Flow>, Vec<(String, Option<String>)>) {
    // Per flow: where its last sequence flow is in the file, the flow, the id of that
    // sequence flow and why its kind was guessed.
    let mut collected: Vec<(usize, Flow, (String, Option<String>))> = Vec::new();
    let task_order: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| TASKS.contains(&n.name.as_str()))
        .filter_map(|n| n.attr("id"))
        .filter(|id| g.step_of.contains_key(id))
        .collect();
    for &eid in &task_order {
        let Some(&from) = g.step_of.get(eid) else {
            continue;
        };
        for (to, f, choice, gateway) in g.reached(eid) {
            let Some((to_id, to_name)) =
                steps.get(to).map(|s| (s.id.clone(), s.name.to_lowercase()))
            else {
                continue;
            };
            let fid = f.attr("id").unwrap_or_default();
            let qt = f.extension(QT, "flow");
            let (kind, chosen_by, guessed) = match qt {
                Some(q) => (
                    value::<FlowKind>(q, "kind", "normal, rework, alternative, reject", problems)
                        .unwrap_or_default(),
                    value::<ChosenBy>(q, "chosenBy", "agency, applicant", problems),
                    None,
                ),
                // quytrinh's own export says every kind; a flow without qt:flow is normal.
                None if choice && plain => {
                    let label = f.attr("name").unwrap_or_default().to_lowercase();
                    if label.contains("từ chối") || to_name.contains("từ chối") {
                        (
                            FlowKind::Reject,
                            None,
                            Some("reject: the flow or its target says “từ chối”".to_owned()),
                        )
                    } else {
                        (
                            FlowKind::Alternative,
                            None,
                            Some("alternative: the flow leaves a gateway that chooses".to_owned()),
                        )
                    }
                }
                None => (FlowKind::Normal, None, None),
            };
            if let (Some(g), None) = (gateway, qt)
                && steps.get(from).is_some_and(|s| s.decision.is_none())
                && let Some(q) = g.attr("name").filter(|n| !n.trim().is_empty())
            {
                let q = q.trim().to_owned();
                if let Some(s) = steps.get_mut(from) {
                    s.decision = Some(q);
                }
            }
            let flow = Flow {
                from: steps.get(from).map(|s| s.id.clone()).unwrap_or_default(),
                to: to_id,
                label: f
                    .attr("name")
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                kind,
                chosen_by,
            };
            collected.push((f.at, flow, (fid.to_owned(), guessed)));
        }
    }
    collected.sort_by_key(|(at, _, _)| *at);
    collected.into_iter().map(|(_, f, g)| (f, g)).unzip()
}

/// Flows whose kind was guessed and that close a cycle (found by a depth-first walk from the
/// start step) become rework.
fn mark_back_edges(
    steps: &[Step],
    flows: &mut [Flow],
    guessed: &mut [(String, Option<String>)],
    start: usize,
) {
    let index: HashMap<&str, usize> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for (k, f) in flows.iter().enumerate() {
        if let Some(&i) = index.get(f.from.as_str())
            && let Some(o) = out.get_mut(i)
        {
            o.push(k);
        }
    }
    // 0 unseen, 1 on the path, 2 done.
    let mut state = vec![0u8; steps.len()];
    let mut back = BTreeSet::new();
    let mut roots: Vec<usize> = vec![start];
    roots.extend(0..steps.len());
    for root in roots {
        if state.get(root).copied() != Some(0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(s) = state.get_mut(root) {
            *s = 1;
        }
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let edges = out.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some(&k) = edges.get(*next) {
                *next += 1;
                let Some(&to) = flows.get(k).and_then(|f| index.get(f.to.as_str())) else {
                    continue;
                };
                match state.get(to).copied() {
                    Some(0) => {
                        if let Some(s) = state.get_mut(to) {
                            *s = 1;
                        }
                        stack.push((to, 0));
                    }
                    Some(1) => {
                        back.insert(k);
                    }
                    _ => {}
                }
            } else {
                if let Some(s) = state.get_mut(node) {
                    *s = 2;
                }
                stack.pop();
            }
        }
    }
    for k in back {
        // Only flows read without quytrinh's extension get here: every one is a guess.
        let (Some(f), Some((_, why))) = (flows.get_mut(k), guessed.get_mut(k)) else {
            continue;
        };
        f.kind = FlowKind::Rework;
        f.chosen_by = None;
        *why = Some("rework: the flow goes back to an earlier step (it closes a cycle)".to_owned());
    }
}

/// The group's links: one per message flow.
fn links(
    collaboration: &El,
    places: &HashMap<String, (String, Option<String>)>,
    problems: &mut Problems<'_>,
    guesses: &mut Vec<Guess>,
) -> Vec<Link> {
    let mut out = Vec::new();
    for m in collaboration.all(BPMN, "messageFlow") {
        let mid = m.attr("id").unwrap_or("MessageFlow");
        let ends = (m.attr("sourceRef"), m.attr("targetRef"));
        let (Some(s), Some(t)) = ends else {
            problems.at(
                Code::MissingField,
                m,
                "a message flow needs `sourceRef` and `targetRef`".to_owned(),
                "connect both ends",
            );
            continue;
        };
        let (Some(from), Some(to)) = (places.get(s), places.get(t)) else {
            problems.at(
                Code::UnknownReference,
                m,
                format!(
                    "the message flow `{mid}` joins `{s}` and `{t}`; one of them is no pool or task"
                ),
                "connect message flows to pools or to tasks inside them",
            );
            continue;
        };
        let qt = m.extension(QT, "link");
        let label = m.attr("name").map(str::to_owned);
        let channel = match qt.and_then(|q| value::<Channel>(q, "channel", CHANNELS, problems)) {
            Some(c) => c,
            None => {
                let g = guess::channel(label.as_deref().unwrap_or_default(), Action::Transfer);
                guesses.push(Guess {
                    element: mid.to_owned(),
                    field: "channel".to_owned(),
                    value: g.value.as_str().to_owned(),
                    reason: reason(g.phrase.as_deref()),
                });
                g.value
            }
        };
        out.push(Link {
            from: from.0.clone(),
            to: to.0.clone(),
            channel,
            from_step: from.1.clone(),
            to_step: to.1.clone(),
            carries: qt
                .map(|q| q.all(QT, "carries").map(|c| c.text.clone()).collect())
                .unwrap_or_default(),
            label,
        });
    }
    out
}
