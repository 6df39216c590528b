//! Property tests over generated procedures and groups: the to-be model loads, its level is
//! never lower, it is fully online when the as-is model has no justified blocker, and
//! re-engineering it again changes nothing.

use proptest::prelude::*;
use quytrinh_analyze::{Config, FieldVerification};
use quytrinh_model::{Document, Group, Loader, Member, RealFs};
use quytrinh_reengineer::to_pretty_json;
use serde_json::{Value, json};

use super::{check_guarantees, load_text};

const ACTIONS: [&str; 12] = [
    "submit",
    "supplement",
    "appear",
    "pay",
    "receive",
    "process",
    "verify",
    "consult",
    "approve",
    "transfer",
    "issue_result",
    "return_result",
];
const CHANNELS: [&str; 5] = ["online", "in_person", "postal", "paper", "field"];
const SIGNATURES: [&str; 3] = ["none", "wet", "digital"];
/// Few names, so that members of a group ask for the same documents and for each other's
/// results.
const DOC_NAMES: [&str; 5] = [
    "Tờ khai",
    "Căn cước công dân",
    "Giấy khai sinh",
    "Sổ hộ khẩu",
    "Giấy chứng sinh",
];

#[derive(Debug, Clone)]
struct GenStep {
    action: usize,
    channel: usize,
    signature: usize,
    applicant: bool,
    docs: Vec<bool>,
    required: bool,
    days: u8,
}

#[derive(Debug, Clone)]
struct GenDoc {
    name: usize,
    paper: bool,
    available: bool,
    required: bool,
}

#[derive(Debug, Clone)]
struct GenProcedure {
    published: bool,
    forms: bool,
    fee: Option<u32>,
    result: Option<(usize, bool)>,
    has_applicant: bool,
    docs: Vec<GenDoc>,
    steps: Vec<GenStep>,
    /// None: steps run in the order listed; Some(n): a chain of flows with a rework flow from
    /// step n back to the start.
    flows: Option<usize>,
    /// (Rules v2, with flows only) two result options the applicant chooses between after the
    /// last step, by their channels, and whether the start step may refuse the dossier.
    ends: Option<(usize, usize, bool)>,
}

fn gen_doc() -> impl Strategy<Value = GenDoc> {
    (
        0..DOC_NAMES.len(),
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(name, paper, available, required)| GenDoc {
            name,
            paper,
            available,
            required,
        })
}

fn gen_step() -> impl Strategy<Value = GenStep> {
    (
        0..ACTIONS.len(),
        0..CHANNELS.len(),
        0..SIGNATURES.len(),
        any::<bool>(),
        prop::collection::vec(prop::bool::weighted(0.3), 4),
        prop::bool::weighted(0.1),
        0u8..4,
    )
        .prop_map(
            |(action, channel, signature, applicant, docs, required, days)| GenStep {
                action,
                channel,
                signature,
                applicant,
                docs,
                required,
                days,
            },
        )
}

fn gen_procedure() -> impl Strategy<Value = GenProcedure> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0u32..3),
        prop::option::of((0..DOC_NAMES.len(), any::<bool>())),
        prop::bool::weighted(0.9),
        prop::collection::vec(gen_doc(), 0..4),
        prop::collection::vec(gen_step(), 1..7),
        prop::option::of(0usize..7),
        prop::option::of((0..CHANNELS.len(), 0..CHANNELS.len(), any::<bool>())),
    )
        .prop_map(
            |(published, forms, fee, result, has_applicant, docs, steps, flows, ends)| {
                GenProcedure {
                    published,
                    forms,
                    fee,
                    result,
                    has_applicant,
                    docs,
                    steps,
                    flows,
                    ends,
                }
            },
        )
}

fn pick<'a>(items: &[&'a str], i: usize) -> &'a str {
    items.get(i % items.len()).copied().unwrap_or_default()
}

fn procedure_json(code: &str, g: &GenProcedure) -> Value {
    let mut actors = vec![json!({"id": "cq", "name": "Cơ quan", "role": "agency"})];
    if g.has_applicant {
        actors.insert(
            0,
            json!({"id": "nyc", "name": "Người yêu cầu", "role": "applicant"}),
        );
    }
    let documents: Vec<Value> = g
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut v = json!({"id": format!("d{i}"), "name": pick(&DOC_NAMES, d.name),
                "form": if d.paper { "paper" } else { "electronic" }});
            if d.available {
                v["available_from"] = json!("CSDL quốc gia về dân cư");
            }
            if d.required {
                v["required_by"] = json!("Luật thử, Điều 1");
            }
            v
        })
        .collect();
    let steps: Vec<Value> = g
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let actor = if s.applicant && g.has_applicant { "nyc" } else { "cq" };
            let docs: Vec<String> = s
                .docs
                .iter()
                .enumerate()
                .filter(|(j, on)| **on && *j < g.docs.len())
                .map(|(j, _)| format!("d{j}"))
                .collect();
            let mut v = json!({"id": format!("s{i}"), "name": format!("Bước {i}"), "actor": actor,
                "action": pick(&ACTIONS, s.action), "channel": pick(&CHANNELS, s.channel),
                "signature": pick(&SIGNATURES, s.signature), "documents": docs, "duration_days": s.days});
            if s.required {
                v["required_by"] = json!("Nghị định thử, Điều 2");
            }
            v
        })
        .collect();
    let mut p = json!({"code": code, "name": format!("Thủ tục {code}"), "published": g.published,
        "forms_downloadable": g.forms, "annual_volume": 1000, "actors": actors, "documents": documents, "steps": steps});
    if let Some(fee) = g.fee {
        p["fee_vnd"] = json!(fee * 10_000);
    }
    if let Some((name, electronic)) = g.result {
        p["result"] = json!({"name": pick(&DOC_NAMES, name), "electronic": electronic});
    }
    if let Some(back) = g.flows {
        let n = g.steps.len();
        let mut flows: Vec<Value> = (1..n)
            .map(|i| json!({"from": format!("s{}", i - 1), "to": format!("s{i}")}))
            .collect();
        if n > 1 {
            let from = back % n;
            flows.push(json!({"from": format!("s{from}"), "to": "s0", "kind": "rework"}));
        }
        if let Some((a, b, reject)) = g.ends {
            let actor = if g.has_applicant { "nyc" } else { "cq" };
            let last = format!("s{}", n - 1);
            let all = p["steps"].as_array_mut().unwrap();
            for (id, channel) in [("o1", a), ("o2", b)] {
                all.push(
                    json!({"id": id, "name": format!("Nhận kết quả ({id})"), "actor": actor,
                    "action": "return_result", "channel": pick(&CHANNELS, channel)}),
                );
                flows.push(json!({"from": last, "to": id, "kind": "alternative",
                    "chosen_by": "applicant"}));
            }
            if reject {
                all.push(
                    json!({"id": "tc", "name": "Thông báo từ chối", "actor": "cq",
                    "action": "return_result", "channel": "online"}),
                );
                flows.push(json!({"from": "s0", "to": "tc", "kind": "reject"}));
            }
        }
        p["flows"] = Value::Array(flows);
    }
    p
}

fn config(allowed: bool) -> Config {
    let field_verification = if allowed {
        FieldVerification::Allowed
    } else {
        FieldVerification::Blocks
    };
    Config {
        field_verification,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_generated_procedure_keeps_the_guarantees(g in gen_procedure(), allowed in any::<bool>()) {
        let text = json!({"procedure": procedure_json("P.1", &g)}).to_string();
        let catalog = load_text(&text);
        check_guarantees(&catalog, &config(allowed), &text);
    }

    #[test]
    fn a_generated_group_keeps_the_guarantees(
        members in prop::collection::vec(gen_procedure(), 2..4),
        links in prop::collection::vec((0usize..4, 0usize..4, 0..CHANNELS.len()), 0..4),
        allowed in any::<bool>(),
    ) {
        let n = members.len();
        let procedures: Vec<Value> = members
            .iter()
            .enumerate()
            .map(|(i, m)| json!({"procedure": procedure_json(&format!("M.{i}"), m)}))
            .collect();
        let mut seen = Vec::new();
        let links: Vec<Value> = links
            .iter()
            .map(|&(a, b, c)| (a % n, b % n, c))
            .filter(|&(a, b, _)| a < b)
            .filter(|&(a, b, _)| {
                let fresh = !seen.contains(&(a, b));
                seen.push((a, b));
                fresh
            })
            .map(|(a, b, c)| json!({"from": format!("M.{a}"), "to": format!("M.{b}"), "channel": pick(&CHANNELS, c)}))
            .collect();
        let text = json!({"group": {"code": "G", "name": "Nhóm", "procedures": procedures, "links": links}}).to_string();
        let catalog = load_text(&text);
        check_guarantees(&catalog, &config(allowed), &text);
    }
}

/// Every procedure and group of a catalogue made by `quytrinh-gen` from `seed`, each
/// re-engineered on its own (a group with its members written inline).
fn check_generated_catalogue(seed: u64, allowed: bool) {
    let text = quytrinh_gen::catalog(25, seed);
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    loader.add_bytes("gen.jsonl", None, text.as_bytes());
    let loaded = loader.finish();
    assert!(
        !loaded.has_errors(),
        "seed {seed}: {:?}",
        loaded.diagnostics
    );
    let catalog = loaded.catalog;
    let config = config(allowed);
    for p in catalog.procedures.iter().filter(|p| p.standalone) {
        let doc = Document {
            procedure: Some(p.procedure.clone()),
            group: None,
        };
        let one = load_text(&to_pretty_json(&doc).unwrap());
        check_guarantees(&one, &config, &format!("seed {seed}, {}", p.procedure.code));
    }
    for g in &catalog.groups {
        let group = Group {
            procedures: catalog
                .members(g)
                .map(|p| Member {
                    include: None,
                    procedure: Some(p.clone()),
                })
                .collect(),
            links: g.links.clone(),
            ..g.group.clone()
        };
        let doc = Document {
            procedure: None,
            group: Some(group),
        };
        let one = load_text(&to_pretty_json(&doc).unwrap());
        check_guarantees(
            &one,
            &config,
            &format!("seed {seed}, group {}", g.group.code),
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn generated_catalogues_keep_the_guarantees(seed in any::<u64>(), allowed in any::<bool>()) {
        check_generated_catalogue(seed, allowed);
    }
}
