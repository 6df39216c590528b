//! Step names that still tell the old way. A step made online whose name says "at the
//! counter", "in cash", "on paper" or "by hand" would read as a contradiction in the to-be
//! model ("Nộp lệ phí bằng tiền mặt tại Bộ phận Một cửa", channel online): such a name is
//! reworded where a known phrase can be replaced, and flagged for the reviewer where not.

use std::collections::HashMap;

use quytrinh_model::{Channel, Procedure, Signature, Step};

use crate::change::{Change, ChangeKind, Log, Value};

/// Phrases that place a step at the counter or in person (replacement when the step goes
/// online, replacement when it goes by post).
const COUNTER: &[(&str, &str, &str)] = &[
    (
        " tại Bộ phận tiếp nhận và trả kết quả",
        " trực tuyến",
        " qua bưu chính công ích",
    ),
    (
        " tại Bộ phận Một cửa",
        " trực tuyến",
        " qua bưu chính công ích",
    ),
    (
        " tại Bộ phận tiếp nhận",
        " trực tuyến",
        " qua bưu chính công ích",
    ),
    (" tại quầy", " trực tuyến", " qua bưu chính công ích"),
    (" bằng tiền mặt", " trực tuyến", " trực tuyến"),
    (" trực tiếp", " trực tuyến", " qua bưu chính công ích"),
];

/// Phrases that put a step on paper (replacement when it goes online).
const PAPER: &[(&str, &str)] = &[
    (" (hồ sơ giấy)", ""),
    (" (bằng công văn)", " qua hệ thống điện tử"),
    (" bằng công văn", " qua hệ thống điện tử"),
    ("hồ sơ giấy", "hồ sơ điện tử"),
    ("bản giấy", "bản điện tử"),
    (" bằng giấy", " điện tử"),
];

/// Phrases of a hand signature (replacement when the signature is digital).
const HAND: &[(&str, &str)] = &[("ký tay", "ký số"), ("Ký tay", "Ký số")];

/// Words that still tell the old way after the replacements: the name is flagged.
const STILL_OLD: &[&str] = &[
    "tiền mặt",
    "tại Bộ phận",
    "tại quầy",
    "ký tay",
    "giấy tờ giấy",
];

/// Rewords or flags the name of every step of `p` that a change of this run moved online, by
/// post or to a digital signature. Records a [`ChangeKind::Renamed`] or
/// [`ChangeKind::NameToReview`] change; changes nothing on a name that fits.
pub(crate) fn fit(p: &mut Procedure, log: &mut Log) {
    // The steps moved, each with the procedure it now receives through a link (if any): a
    // map, not a search of the changes per step (quadratic in a long procedure).
    let mut moved: HashMap<&str, Option<&str>> = HashMap::new();
    crate::visit(log.changes.len() + p.steps.len());
    for c in log
        .changes
        .iter()
        .filter(|c| c.procedure == p.code && moves_the_step(c.kind))
    {
        let Some(step) = c.step.as_deref() else {
            continue;
        };
        let through_link = (c.kind == ChangeKind::SingleWindow)
            .then_some(c.source.as_deref())
            .flatten();
        moved.entry(step).or_insert(through_link);
    }
    let mut renames = Vec::new();
    for step in p.steps.iter_mut() {
        let Some(link_from) = moved.get(step.id.as_str()) else {
            continue;
        };
        let old = step.name.clone();
        // A filing that became a receipt through a link is the agency's step now.
        let new = match link_from {
            Some(from) if !old.starts_with("Tiếp nhận") => {
                format!("Tiếp nhận hồ sơ liên thông từ thủ tục {from}")
            }
            _ => reworded(step),
        };
        if new != old {
            step.name.clone_from(&new);
            renames.push(
                Change::new(&p.code, ChangeKind::Renamed)
                    .step(&step.id, &new)
                    .values(Value::Name(old), Value::Name(new.clone())),
            );
        }
        if STILL_OLD.iter().any(|w| new.contains(w)) || contradicts_online(step, &new) {
            renames.push(Change::new(&p.code, ChangeKind::NameToReview).step(&step.id, &new));
        }
    }
    log.record_after_steps(renames);
}

fn moves_the_step(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::FileOnline
            | ChangeKind::DigitalSignature
            | ChangeKind::PayOnline
            | ChangeKind::PresenceRemoved
            | ChangeKind::ProcessOnline
            | ChangeKind::VerifyOnline
            | ChangeKind::ReturnOnline
            | ChangeKind::ByPost
            | ChangeKind::SingleWindow
    )
}

/// The step's name with the phrases of the old way replaced for its channel and signature.
fn reworded(step: &Step) -> String {
    let mut name = step.name.clone();
    let remote = match step.channel {
        Channel::Online => Some(" trực tuyến"),
        Channel::Postal => Some(" qua bưu chính công ích"),
        _ => None,
    };
    if step.channel == Channel::Online {
        for (from, to) in PAPER {
            name = name.replace(from, to);
        }
    }
    if let Some(way) = remote {
        // The applicant no longer goes anywhere: "… tại <nơi>" up to the end of its clause.
        if step.action.is_applicant_facing() {
            name = without_place(&name, way);
        }
        for (from, online, post) in COUNTER {
            let to = if step.channel == Channel::Online {
                online
            } else {
                post
            };
            name = replace_once(&name, from, to);
        }
    }
    if step.signature == Signature::Digital {
        for (from, to) in HAND {
            name = name.replace(from, to);
        }
    }
    // Two replacements may meet ("trực tuyến trực tuyến").
    for doubled in [
        " trực tuyến trực tuyến",
        " qua bưu chính công ích qua bưu chính công ích",
    ] {
        if let Some(single) = doubled.get(..doubled.len() / 2) {
            name = name.replace(doubled, single);
        }
    }
    name
}

/// `name` with its first "tại <nơi>" (up to the next `;` or `,`) replaced by `way`, or dropped
/// when the name already says `way`.
fn without_place(name: &str, way: &str) -> String {
    let Some(at) = name.find(" tại ") else {
        return name.to_owned();
    };
    let (head, rest) = name.split_at(at);
    let end = rest.find([';', ',']).unwrap_or(rest.len());
    let tail = rest.get(end..).unwrap_or_default();
    let way = if head.contains(way.trim()) || tail.contains(way.trim()) {
        ""
    } else {
        way
    };
    format!("{head}{way}{tail}")
}

/// Replaces `from` by `to` unless the name already says `to`'s way (no "trực tuyến" twice).
fn replace_once(name: &str, from: &str, to: &str) -> String {
    if !name.contains(from) {
        return name.to_owned();
    }
    let said = !to.is_empty() && name.contains(to.trim());
    name.replace(from, if said { "" } else { to })
}

/// An online step whose name says it is done in person or on paper.
fn contradicts_online(step: &Step, name: &str) -> bool {
    step.channel == Channel::Online
        && ["có mặt", "trực tiếp", "đóng dấu"]
            .iter()
            .any(|w| name.contains(w))
}
