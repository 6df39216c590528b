//! Groups of inter-linked procedures (nhóm TTHC liên thông): level, links, single window,
//! once-only, the critical chain (RULES.md, "Groups").

use std::collections::{BTreeMap, BTreeSet};

use quytrinh_model::{Action, Catalog, Channel, Lang, Link, LoadedGroup, Procedure, Role};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::Config;
use crate::procedure::{Membership, analyze_member};
use crate::report::{Asked, Finding, FindingDetail, GroupAnalysis, Level, ProcedureAnalysis};
use crate::rules::FindingKind;
use crate::timing::{self, longest_chain};

/// Analyses a group of the catalogue (its members are analysed again here; use
/// [`crate::analyze_catalog`] to analyse each procedure once).
pub fn analyze_group(catalog: &Catalog, group: &LoadedGroup, config: &Config) -> GroupAnalysis {
    let members: Vec<&Procedure> = catalog.members(group).collect();
    let measures: Vec<MemberMeasures> = members
        .iter()
        .map(|p| MemberMeasures::of(&analyze_member(p, config, &membership(group, p))))
        .collect();
    group_analysis(group, &members, &measures, config)
}

/// How `p` is judged as a member of `group`: named by it, and exempt from having a
/// `return_result` step when its result goes on through an outgoing link.
pub fn membership(group: &LoadedGroup, p: &Procedure) -> Membership {
    Membership {
        group: Some(group.group.code.clone()),
        links_out: group.links.iter().any(|l| l.from == p.code),
    }
}

/// What a group's analysis needs of each member's own analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberMeasures {
    /// The member's level.
    pub level: Level,
    /// The member's trips to an agency.
    pub applicant_visits: u32,
    /// The member's critical path, in working days.
    pub critical_path_days: f64,
}

impl MemberMeasures {
    /// The measures of a member's analysis.
    pub fn of(analysis: &ProcedureAnalysis) -> Self {
        MemberMeasures {
            level: analysis.level,
            applicant_visits: analysis.applicant_visits,
            critical_path_days: analysis.critical_path_days,
        }
    }
}

/// [`analyze_group`] for a caller that analysed the members already: `measures` holds theirs,
/// in the order of [`Catalog::members`].
pub fn analyze_group_with(
    catalog: &Catalog,
    group: &LoadedGroup,
    measures: &[MemberMeasures],
    config: &Config,
) -> GroupAnalysis {
    let members: Vec<&Procedure> = catalog.members(group).collect();
    group_analysis(group, &members, measures, config)
}

/// A document name compared across procedures (rules v2): lower case, no Vietnamese tone or
/// vowel marks (NFD, combining marks dropped), đ counted as d, spaces at either end dropped and
/// repeated spaces made one — words stay separated.
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A group's analysis from its members and their measures: its findings in a fixed order
/// (links, single window, once-only, timing), its level, trips and critical chain.
pub(crate) fn group_analysis(
    g: &LoadedGroup,
    members: &[&Procedure],
    analyses: &[MemberMeasures],
    config: &Config,
) -> GroupAnalysis {
    let lang = config.lang;
    let codes: Vec<String> = members.iter().map(|p| p.code.clone()).collect();
    let mut findings = link_findings(g, lang);
    findings.extend(single_window_finding(members, lang));
    let asked = asked_documents(members);
    findings.extend(same_document_findings(&asked, &codes, lang));
    findings.extend(result_asked_findings(g, members, &asked, lang));
    let (days, chain) = critical_chain(g, &codes, analyses);
    findings.extend(timing_finding(g, days, &chain, lang));
    GroupAnalysis {
        code: g.group.code.clone(),
        name: g.group.name.clone(),
        level: group_level(g, analyses),
        members: codes,
        findings,
        applicant_visits: analyses
            .iter()
            .map(|a| a.applicant_visits)
            .fold(0u32, u32::saturating_add),
        critical_path_days: days,
        critical_chain: chain,
        time_limit_days: g.group.time_limit_days,
        source: Some(crate::SourceRef::of(&g.origin)),
    }
}

/// The lowest member level, capped at `partial_online` by a link that is not online.
fn group_level(g: &LoadedGroup, analyses: &[MemberMeasures]) -> Level {
    let level = analyses
        .iter()
        .map(|a| a.level)
        .min()
        .unwrap_or(Level::FullOnline);
    if g.links.iter().any(|l| l.channel != Channel::Online) {
        level.min(Level::PartialOnline)
    } else {
        level
    }
}

/// Links not online (Thông tư 01/2023/TT-VPCP, Điều 17 khoản 4): one finding each.
fn link_findings(g: &LoadedGroup, lang: Lang) -> Vec<Finding> {
    g.links
        .iter()
        .filter(|l| l.channel != Channel::Online)
        .map(|l| {
            Finding::new(
                FindingKind::Link,
                FindingDetail::Link {
                    from: l.from.clone(),
                    to: l.to.clone(),
                    channel: l.channel,
                    label: l.label.clone(),
                },
                lang,
            )
        })
        .collect()
}

/// Single window (một cửa liên thông): more than one member has a `submit` step whose actor is
/// the applicant.
fn single_window_finding(members: &[&Procedure], lang: Lang) -> Option<Finding> {
    let filings: Vec<Asked> = members
        .iter()
        .filter_map(|p| {
            p.steps
                .iter()
                .find(|s| {
                    s.action == Action::Submit
                        && p.actors
                            .iter()
                            .any(|a| a.id == s.actor && a.role == Role::Applicant)
                })
                .map(|s| Asked {
                    procedure: p.code.clone(),
                    step: s.id.clone(),
                    document: None,
                    name: s.name.clone(),
                })
        })
        .collect();
    if filings.len() < 2 {
        return None;
    }
    let procedures = filings.iter().map(|a| a.procedure.clone()).collect();
    Some(Finding::new(
        FindingKind::SingleWindow,
        FindingDetail::SingleWindow {
            procedures,
            steps: filings,
        },
        lang,
    ))
}

/// Once-only: the same document asked from the applicant by two or more members, one finding
/// per document.
fn same_document_findings(asked: &[AskedDoc], codes: &[String], lang: Lang) -> Vec<Finding> {
    let mut findings = Vec::new();
    for cluster in clusters(asked) {
        let mut procedures: Vec<usize> = cluster
            .iter()
            .filter_map(|&i| asked.get(i))
            .map(|a| a.member)
            .collect();
        procedures.sort_unstable();
        procedures.dedup();
        if procedures.len() < 2 {
            continue;
        }
        let entries: Vec<&AskedDoc> = cluster.iter().filter_map(|&i| asked.get(i)).collect();
        let Some(first) = entries.first() else {
            continue;
        };
        findings.push(Finding::new(
            FindingKind::OnceOnly,
            FindingDetail::SameDocument {
                procedures: procedures
                    .iter()
                    .filter_map(|&m| codes.get(m).cloned())
                    .collect(),
                document: first.asked.document.clone().unwrap_or_default(),
                asked: entries.iter().map(|e| e.asked.clone()).collect(),
                available_from: None,
            },
            lang,
        ));
    }
    findings
}

/// Once-only: a member asks the applicant for another member's result (by its normalized
/// name), whether or not a link already passes it on.
fn result_asked_findings(
    g: &LoadedGroup,
    members: &[&Procedure],
    asked: &[AskedDoc],
    lang: Lang,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Each member's result name, compared with every document asked for.
    let results: Vec<Option<String>> = members
        .iter()
        .map(|p| {
            p.result
                .as_ref()
                .and_then(|r| r.name.as_deref())
                .map(normalize_name)
        })
        .collect();
    for a in asked {
        for ((m, producer), result) in members.iter().enumerate().zip(&results) {
            if m == a.member || result.as_ref() != Some(&a.normalized) {
                continue;
            }
            let linked = g
                .links
                .iter()
                .any(|l| l.from == producer.code && l.to == a.asked.procedure);
            findings.push(Finding::new(
                FindingKind::OnceOnly,
                FindingDetail::ResultAsked {
                    procedures: vec![producer.code.clone(), a.asked.procedure.clone()],
                    procedure: a.asked.procedure.clone(),
                    step: a.asked.step.clone(),
                    document: a.asked.document.clone().unwrap_or_default(),
                    document_name: a.asked.name.clone(),
                    produced_by: producer.code.clone(),
                    linked,
                },
                lang,
            ));
        }
    }
    findings
}

/// The longest chain of members along the links, each member weighing its own critical path:
/// its days and the members' codes in order.
fn critical_chain(
    g: &LoadedGroup,
    codes: &[String],
    analyses: &[MemberMeasures],
) -> (f64, Vec<String>) {
    // A code listed twice stands for its first member.
    let index: BTreeMap<&str, usize> = codes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let weights: Vec<f64> = analyses.iter().map(|a| a.critical_path_days).collect();
    let edges: Vec<(usize, usize)> = g
        .links
        .iter()
        .filter_map(|l: &Link| Some((*index.get(l.from.as_str())?, *index.get(l.to.as_str())?)))
        .collect();
    let (days, chain) = longest_chain(&weights, &edges);
    let chain = chain
        .into_iter()
        .filter_map(|i| codes.get(i).cloned())
        .collect();
    (days, chain)
}

/// The critical chain over the group's time limit (thời hạn giải quyết), when the model gives
/// one.
fn timing_finding(g: &LoadedGroup, days: f64, chain: &[String], lang: Lang) -> Option<Finding> {
    let limit = g.group.time_limit_days?;
    (days > limit + timing::EPSILON).then(|| {
        Finding::with_basis(
            FindingKind::Timing,
            FindingDetail::Timing {
                critical_path_days: days,
                time_limit_days: limit,
                path: chain.to_vec(),
            },
            vec![crate::Basis::model(
                "time_limit_days (thời hạn giải quyết của nhóm ghi trong mô hình)",
            )],
            lang,
        )
    })
}

/// A document a member asks from the applicant in an applicant-facing step.
#[derive(Debug)]
struct AskedDoc {
    member: usize,
    asked: Asked,
    normalized: String,
}

/// Every document each member asks from the applicant, once per member, in step order.
fn asked_documents(members: &[&Procedure]) -> Vec<AskedDoc> {
    let mut out = Vec::new();
    for (m, p) in members.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for s in p.steps.iter().filter(|s| s.action.is_applicant_facing()) {
            for id in &s.documents {
                if !seen.insert(id.as_str()) {
                    continue;
                }
                let name = p
                    .documents
                    .iter()
                    .find(|d| d.id == *id)
                    .map_or(id.as_str(), |d| d.name.as_str());
                out.push(AskedDoc {
                    member: m,
                    asked: Asked {
                        procedure: p.code.clone(),
                        step: s.id.clone(),
                        document: Some(id.clone()),
                        name: name.to_owned(),
                    },
                    normalized: normalize_name(name),
                });
            }
        }
    }
    out
}

/// Groups the asked documents that are the same document: same id or same normalized name.
/// Clusters come in the order of their first entry.
fn clusters(asked: &[AskedDoc]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..asked.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }
    let mut by_key: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    for (i, a) in asked.iter().enumerate() {
        let id = a.asked.document.as_deref().unwrap_or_default();
        for key in [(0u8, id), (1u8, a.normalized.as_str())] {
            match by_key.get(&key) {
                Some(&j) => {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        let (lo, hi) = if ri < rj { (ri, rj) } else { (rj, ri) };
                        if let Some(slot) = parent.get_mut(hi) {
                            *slot = lo;
                        }
                    }
                }
                None => {
                    by_key.insert(key, i);
                }
            }
        }
    }
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..asked.len() {
        let root = find(&mut parent, i);
        out.entry(root).or_default().push(i);
    }
    out.into_values().collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::normalize_name;
    use crate::{Config, analyze_catalog};

    /// A member procedure: filing on `filing`, asking for `docs` (id, name, form) in its filing
    /// step, taking `days`, with result `result`.
    fn member(
        code: &str,
        filing: &str,
        docs: &[(&str, &str, &str)],
        days: f64,
        result: &str,
    ) -> Value {
        let documents: Vec<Value> = docs
            .iter()
            .map(|(id, name, form)| json!({"id": id, "name": name, "form": form}))
            .collect();
        let ids: Vec<&str> = docs.iter().map(|d| d.0).collect();
        json!({"procedure": {
        "code": code, "name": format!("Thủ tục {code}"), "published": true, "forms_downloadable": true,
        "result": {"name": result, "electronic": true},
        "actors": [{"id": "a", "name": "Người yêu cầu", "role": "applicant"}, {"id": "b", "name": "Cơ quan", "role": "agency"}],
        "documents": documents,
        "steps": [
            {"id": "nop", "name": "Nộp", "actor": "a", "action": "submit", "channel": filing, "documents": ids},
            {"id": "xl", "name": "Xử lý", "actor": "b", "action": "process", "channel": "online", "duration_days": days},
            {"id": "tra", "name": "Trả", "actor": "b", "action": "return_result", "channel": "online"}
        ]}})
    }

    /// An online member that receives its input from the other members (no filing step).
    fn receiving(code: &str, days: f64) -> Value {
        json!({"procedure": {
        "code": code, "name": format!("Thủ tục {code}"), "published": true, "forms_downloadable": true,
        "result": {"name": format!("Kết quả {code}"), "electronic": true},
        "actors": [{"id": "b", "name": "Cơ quan", "role": "agency"}],
        "steps": [
            {"id": "nhan", "name": "Nhận liên thông", "actor": "b", "action": "receive", "channel": "online", "duration_days": days},
            {"id": "tra", "name": "Trả", "actor": "b", "action": "return_result", "channel": "online"}
        ]}})
    }

    /// Summary: level, finding kinds (sorted, with duplicates), visits, critical path, chain.
    #[track_caller]
    fn check(
        members: Vec<Value>,
        links: Value,
        limit: Option<f64>,
        expect: &str,
    ) -> crate::GroupAnalysis {
        let group = json!({"group": {"code": "G", "name": "Nhóm", "time_limit_days": limit, "procedures": members, "links": links}});
        let mut text = group.to_string();
        if limit.is_none() {
            text = text.replace("\"time_limit_days\":null,", "");
        }
        let fs = quytrinh_model::RealFs;
        let mut loader = quytrinh_model::Loader::new(&fs);
        loader.add_bytes("g.json", None, text.as_bytes());
        let loaded = loader.finish();
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        let report = analyze_catalog(&loaded.catalog, &Config::default());
        let g = report.groups[0].clone();
        let mut kinds: Vec<&str> = g.findings.iter().map(|f| f.kind.as_str()).collect();
        kinds.sort_unstable();
        let got = format!(
            "{} [{}] v{} d{} {}",
            g.level.as_str(),
            kinds.join(" "),
            g.applicant_visits,
            g.critical_path_days,
            g.critical_chain.join(">")
        );
        assert_eq!(got, expect);
        g
    }

    /// The group's first `once_only` finding, as JSON.
    #[track_caller]
    fn once_only(g: &crate::GroupAnalysis) -> Value {
        let once = g
            .findings
            .iter()
            .find(|f| f.kind.as_str() == "once_only")
            .unwrap();
        serde_json::to_value(once).unwrap()
    }

    #[test]
    fn same_document_with_other_case_and_tone_marks_is_once_only() {
        let g = check(
            vec![
                member(
                    "A",
                    "online",
                    &[("cccd", "Căn cước công dân", "electronic")],
                    1.0,
                    "Giấy A",
                ),
                receiving("B", 1.0),
                member(
                    "C",
                    "online",
                    &[("cc", "CAN CUOC  CONG DAN", "electronic")],
                    2.0,
                    "Giấy C",
                ),
            ],
            json!([{"from": "A", "to": "B", "channel": "online"}]),
            None,
            "full_online [once_only single_window] v0 d2 A>B",
        );
        let json = once_only(&g);
        assert_eq!(json["procedures"], json!(["A", "C"]));
        assert_eq!(json["document"], "cccd");
        assert_eq!(json["code"], "F-ONCE-ONLY");
    }

    #[test]
    fn two_filings_are_single_window() {
        let g = check(
            vec![
                member("A", "online", &[], 1.0, "Giấy A"),
                member("B", "in_person", &[], 1.0, "Giấy B"),
            ],
            json!([]),
            None,
            "information_only [single_window] v1 d1 A",
        );
        assert_eq!(
            serde_json::to_value(&g.findings[0]).unwrap()["procedures"],
            json!(["A", "B"])
        );
    }

    #[test]
    fn a_paper_link_caps_the_group_at_partial() {
        check(
            vec![
                member("A", "online", &[], 1.0, "Giấy A"),
                receiving("B", 2.0),
            ],
            json!([{"from": "A", "to": "B", "channel": "paper"}]),
            None,
            "partial_online [link] v0 d3 A>B",
        );
    }

    #[test]
    fn the_critical_path_runs_along_links_and_meets_the_time_limit() {
        // A (1) -> B (2) -> C (3) = 6 against D alone (5).
        check(
            vec![
                member("A", "online", &[], 1.0, "Giấy A"),
                receiving("B", 2.0),
                receiving("C", 3.0),
                receiving("D", 5.0),
            ],
            json!([{"from": "A", "to": "B", "channel": "online"}, {"from": "B", "to": "C", "channel": "online"}]),
            Some(5.0),
            "full_online [timing] v0 d6 A>B>C",
        );
    }

    #[test]
    fn asking_the_applicant_for_another_members_result_is_once_only() {
        let g = check(
            vec![
                member("A", "online", &[], 1.0, "Giấy khai sinh"),
                member(
                    "B",
                    "online",
                    &[("gks", "GIẤY KHAI SINH", "electronic")],
                    1.0,
                    "Thẻ BHYT",
                ),
            ],
            json!([]),
            None,
            "full_online [once_only single_window] v0 d1 A",
        );
        let json = once_only(&g);
        assert_eq!(json["produced_by"], "A");
        assert_eq!(json["procedure"], "B");
        assert_eq!(json["linked"], false);
    }

    #[test]
    fn names_compare_without_case_spaces_and_tone_marks() {
        // Rules v2: words stay separated; spaces at either end and repeated spaces do not count.
        assert_eq!(normalize_name("Căn cước công dân"), "can cuoc cong dan");
        assert_eq!(normalize_name(" CĂN CƯỚC  CÔNG DÂN "), "can cuoc cong dan");
        assert_ne!(
            normalize_name("Căn cước công dân"),
            normalize_name("Căncước công dân")
        );
        assert_eq!(
            normalize_name("Giấy đăng ký"),
            normalize_name("GIAY DANG KY")
        );
        assert_eq!(normalize_name("Đơn"), "don");
    }
}
