//! What re-engineering did: the changes, each with the criterion and rule it satisfies, and the
//! justified blockers it left alone.

use std::collections::HashMap;

use serde::Serialize;

use quytrinh_analyze::rules::{self, Cause, FindingKind};
use quytrinh_analyze::{Blocker, Finding, ReasonCategory};
use quytrinh_model::{Action, Channel, Form, Lang, Signature};

/// The to-be model, what changed from the as-is model, and what was kept because a legal
/// provision requires it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToBe<T> {
    /// The redesigned procedure or group, a valid input document.
    pub model: T,
    /// Every change, in the order applied (grouped by member for a group).
    pub changes: Vec<Change>,
    /// Justified blockers: left as they are, they need a change of law first.
    pub kept: Vec<Kept>,
}

impl<T> ToBe<T> {
    /// Nothing was changed.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The kind of a re-engineering move. Serialised in snake_case; the names are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// `published` set true (criterion 1).
    Publish,
    /// `forms_downloadable` set true (criterion 2).
    FormsDownloadable,
    /// A `submit`/`supplement` step made online (criteria 3, 4, 6).
    FileOnline,
    /// A wet signature replaced by a digital one (criterion 3).
    DigitalSignature,
    /// A document a database already holds dropped from the dossier (once-only).
    LookedUp,
    /// A paper document accepted as an electronic copy (criteria 4, 6).
    ElectronicCopy,
    /// A `pay` step made online (criterion 5).
    PayOnline,
    /// An online `pay` step added where a fee was due without one (criterion 5).
    PaymentAdded,
    /// An `appear` step replaced by electronic identification (criterion 6).
    PresenceRemoved,
    /// An agency step on paper moved to the electronic systems (criterion 6).
    ProcessOnline,
    /// On-site verification replaced by checks against the shared databases (criterion 6).
    VerifyOnline,
    /// `result.electronic` set true (criterion 7).
    ElectronicResult,
    /// A `return_result` step made online (criteria 6, 8).
    ReturnOnline,
    /// An online `return_result` step added (criterion 8).
    ReturnAdded,
    /// A later member's applicant filing turned into an agency receipt through a link.
    SingleWindow,
    /// A link added between two members.
    LinkAdded,
    /// A document asked again by a later member dropped: it comes through the link.
    AskedOnce,
    /// Another member's result no longer asked from the applicant: a link carries it.
    ResultThroughLink,
    /// A link made online.
    LinkOnline,
    /// A step that carries a paper original the law requires, routed by public postal service
    /// instead of in person (it cannot go online while the law asks for the paper).
    ByPost,
    /// A step renamed: its old name described the old way (at the counter, in cash, on paper,
    /// by hand) and contradicted the new channel.
    Renamed,
    /// A step whose name may still describe the old way: flagged for the reviewer to reword.
    NameToReview,
}

impl ChangeKind {
    /// The stable name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Publish => "publish",
            ChangeKind::FormsDownloadable => "forms_downloadable",
            ChangeKind::FileOnline => "file_online",
            ChangeKind::DigitalSignature => "digital_signature",
            ChangeKind::LookedUp => "looked_up",
            ChangeKind::ElectronicCopy => "electronic_copy",
            ChangeKind::PayOnline => "pay_online",
            ChangeKind::PaymentAdded => "payment_added",
            ChangeKind::PresenceRemoved => "presence_removed",
            ChangeKind::ProcessOnline => "process_online",
            ChangeKind::VerifyOnline => "verify_online",
            ChangeKind::ElectronicResult => "electronic_result",
            ChangeKind::ReturnOnline => "return_online",
            ChangeKind::ReturnAdded => "return_added",
            ChangeKind::SingleWindow => "single_window",
            ChangeKind::LinkAdded => "link_added",
            ChangeKind::AskedOnce => "asked_once",
            ChangeKind::ResultThroughLink => "result_through_link",
            ChangeKind::LinkOnline => "link_online",
            ChangeKind::ByPost => "by_post",
            ChangeKind::Renamed => "renamed",
            ChangeKind::NameToReview => "name_to_review",
        }
    }
}

/// A link between two members, by procedure code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LinkRef {
    /// The code of the member the link starts from.
    pub from: String,
    /// The code of the member the link leads to.
    pub to: String,
}

/// One change of the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The procedure changed (the group's code for a link).
    pub procedure: String,
    /// What was done.
    pub kind: ChangeKind,
    /// The id of the step changed or added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The name of that step (before a rename).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_name: Option<String>,
    /// The id of the document changed or dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The name of that document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
    /// The link changed, added, or that now carries the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkRef>,
    /// The value before (a channel, signature, form or action), when one value was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The value after, when one value was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Where a dropped document comes from now: a database (`available_from`) or a member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The criteria (1 to 8) this change makes met, ascending.
    pub criteria: Vec<u8>,
    /// The rules it answers: blocker causes (`TC3-FILING`, …) and finding codes (`F-ONCE-ONLY`, …).
    pub rules: Vec<&'static str>,
    /// The legal sources of those rules.
    pub clauses: Vec<String>,
    /// Where the change is noted in the model (steps that held a dropped document, …).
    #[serde(skip)]
    pub(crate) noted: Vec<NoteTarget>,
    /// `before` and `after` as typed values, for their labels in the changes list.
    #[serde(skip)]
    pub(crate) typed: Option<(Value, Value)>,
}

/// A value a change replaces: a channel, signature, document form, action, yes/no state or a
/// step name. Written in the changes list with the model's one vocabulary (`trực tiếp →
/// trực tuyến`, `chưa → đã`), and in JSON with the format's spelling.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Channel(Channel),
    Signature(Signature),
    Form(Form),
    Action(Action),
    Status(bool),
    Name(String),
}

impl Value {
    /// The format's spelling (the JSON `before`/`after`).
    fn raw(&self) -> String {
        match self {
            Value::Channel(c) => c.as_str().to_owned(),
            Value::Signature(Signature::None) => "none".to_owned(),
            Value::Signature(Signature::Wet) => "wet".to_owned(),
            Value::Signature(Signature::Digital) => "digital".to_owned(),
            Value::Form(Form::Electronic) => "electronic".to_owned(),
            Value::Form(Form::Paper) => "paper".to_owned(),
            Value::Action(a) => a.as_str().to_owned(),
            Value::Status(b) => b.to_string(),
            Value::Name(n) => n.clone(),
        }
    }

    /// The value as a reader names it.
    pub(crate) fn label(&self, lang: Lang) -> String {
        match self {
            Value::Channel(c) => c.label(lang).to_owned(),
            Value::Signature(s) => s.label(lang).to_owned(),
            Value::Form(f) => f.label(lang).to_owned(),
            Value::Action(a) => a.label(lang).to_owned(),
            Value::Status(b) => lang.status(*b).to_owned(),
            Value::Name(n) => format!("“{n}”"),
        }
    }
}

/// Where a change is written into the to-be model's `note` fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum NoteTarget {
    Procedure,
    Step(String),
    Document(String),
    Group,
}

impl Change {
    pub(crate) fn new(procedure: &str, kind: ChangeKind) -> Change {
        Change {
            procedure: procedure.to_owned(),
            kind,
            step: None,
            step_name: None,
            document: None,
            document_name: None,
            link: None,
            before: None,
            after: None,
            source: None,
            criteria: Vec::new(),
            rules: Vec::new(),
            clauses: Vec::new(),
            noted: Vec::new(),
            typed: None,
        }
    }

    pub(crate) fn step(mut self, id: &str, name: &str) -> Change {
        self.step = Some(id.to_owned());
        self.step_name = Some(name.to_owned());
        self.noted.push(NoteTarget::Step(id.to_owned()));
        self
    }

    pub(crate) fn document(mut self, id: &str, name: &str) -> Change {
        self.document = Some(id.to_owned());
        self.document_name = Some(name.to_owned());
        self
    }

    pub(crate) fn link(mut self, from: &str, to: &str) -> Change {
        self.link = Some(LinkRef {
            from: from.to_owned(),
            to: to.to_owned(),
        });
        self
    }

    pub(crate) fn values(mut self, before: Value, after: Value) -> Change {
        self.before = Some(before.raw());
        self.after = Some(after.raw());
        self.typed = Some((before, after));
        self
    }

    pub(crate) fn source(mut self, source: &str) -> Change {
        self.source = Some(source.to_owned());
        self
    }

    pub(crate) fn noted(mut self, target: NoteTarget) -> Change {
        if !self.noted.contains(&target) {
            self.noted.push(target);
        }
        self
    }

    pub(crate) fn basis(mut self, basis: &Basis) -> Change {
        self.add_basis(basis);
        self
    }

    fn add_basis(&mut self, basis: &Basis) {
        for &c in &basis.criteria {
            if !self.criteria.contains(&c) {
                self.criteria.push(c);
            }
        }
        self.criteria.sort_unstable();
        if !self.rules.contains(&basis.rule) {
            self.rules.push(basis.rule);
        }
        if !basis.clause.is_empty() && !self.clauses.contains(&basis.clause) {
            self.clauses.push(basis.clause.clone());
        }
    }

    /// The same change: same procedure, kind, step, document and link.
    fn same_as(&self, other: &Change) -> bool {
        self.procedure == other.procedure
            && self.kind == other.kind
            && self.step == other.step
            && self.document == other.document
            && self.link == other.link
    }
}

/// Why a change is made: the criteria, the rule and its clause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Basis {
    pub(crate) criteria: Vec<u8>,
    pub(crate) rule: &'static str,
    pub(crate) clause: String,
}

impl Basis {
    pub(crate) fn of_blocker(b: &Blocker) -> Basis {
        Basis {
            criteria: vec![b.criterion],
            rule: b.cause_code,
            clause: b.clause.clone(),
        }
    }

    pub(crate) fn of_finding(f: &Finding) -> Basis {
        Basis {
            criteria: Vec::new(),
            rule: f.code,
            clause: f.clause.to_owned(),
        }
    }

    pub(crate) fn of_finding_kind(kind: FindingKind) -> Basis {
        let rule = rules::finding(kind);
        Basis {
            criteria: Vec::new(),
            rule: rule.code,
            clause: rule
                .sources
                .iter()
                .map(|&id| rules::source(id).citation())
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The basis of a blocker cause on a criterion, for a change made alongside another
    /// (a wet signature replaced when the filing goes online).
    pub(crate) fn of_cause(criterion: u8, cause: Cause) -> Basis {
        let row = rules::cause(cause);
        let mut clause =
            rules::criterion(criterion).map_or_else(String::new, |c| c.clause.to_owned());
        for &also in row.also {
            clause.push_str("; ");
            clause.push_str(&rules::source(also).citation());
        }
        Basis {
            criteria: vec![criterion],
            rule: row.code,
            clause,
        }
    }
}

/// A blocker left as it is because a legal provision requires it (`required_by`): it needs a
/// change of law before the service can be fully online.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kept {
    /// The procedure that keeps the blocker.
    pub procedure: String,
    /// The id of the step that keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The name of that step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_name: Option<String>,
    /// The id of the document the law requires, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The name of that document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
    /// The criteria it keeps unmet, ascending (empty for a group finding such as a filing the
    /// law requires in person).
    pub criteria: Vec<u8>,
    /// The ids of the rules it breaks (e.g. `TC6-PRESENCE`).
    pub rules: Vec<&'static str>,
    /// Why it blocks, as a category of the analysis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_category: Option<ReasonCategory>,
    /// The provision (`required_by`).
    pub required_by: String,
    /// Kept by re-engineering itself (a step that carries a paper original the law requires):
    /// said in the step's `note`.
    #[serde(skip)]
    pub(crate) noted: bool,
}

/// The changes and kept blockers gathered while re-engineering, with maps from what identifies
/// a change (or a kept blocker) to its place, so each record is found in constant time and
/// re-engineering stays linear in the steps (a search of the list per record was quadratic).
#[derive(Debug, Default)]
pub(crate) struct Log {
    pub(crate) changes: Vec<Change>,
    pub(crate) kept: Vec<Kept>,
    /// [`Change::key`] → index in `changes`.
    by_key: HashMap<ChangeKey, usize>,
    /// (procedure, step) and (procedure, document) → indices in `changes`.
    by_step: HashMap<(String, String), Vec<usize>>,
    by_document: HashMap<(String, String), Vec<usize>>,
    /// (procedure, step, document) → index in `kept`.
    kept_by: HashMap<(String, Option<String>, Option<String>), usize>,
}

/// What makes two changes the same: procedure, kind, step, document and link.
type ChangeKey = (
    String,
    ChangeKind,
    Option<String>,
    Option<String>,
    Option<LinkRef>,
);

impl Change {
    fn key(&self) -> ChangeKey {
        (
            self.procedure.clone(),
            self.kind,
            self.step.clone(),
            self.document.clone(),
            self.link.clone(),
        )
    }
}

impl Log {
    /// Records a change, merged into the same change made earlier for another criterion.
    pub(crate) fn record(&mut self, change: Change) {
        crate::visit(1);
        let found = self
            .by_key
            .get(&change.key())
            .copied()
            .filter(|&i| self.changes.get(i).is_some_and(|c| c.same_as(&change)));
        if let Some(existing) = found.and_then(|i| self.changes.get_mut(i)) {
            for &c in &change.criteria {
                if !existing.criteria.contains(&c) {
                    existing.criteria.push(c);
                }
            }
            existing.criteria.sort_unstable();
            for r in change.rules {
                if !existing.rules.contains(&r) {
                    existing.rules.push(r);
                }
            }
            for c in change.clauses {
                if !existing.clauses.contains(&c) {
                    existing.clauses.push(c);
                }
            }
            for n in change.noted {
                if !existing.noted.contains(&n) {
                    existing.noted.push(n);
                }
            }
        } else {
            let i = self.changes.len();
            self.by_key.insert(change.key(), i);
            if let Some(step) = &change.step {
                self.by_step
                    .entry((change.procedure.clone(), step.clone()))
                    .or_default()
                    .push(i);
            }
            if let Some(doc) = &change.document {
                self.by_document
                    .entry((change.procedure.clone(), doc.clone()))
                    .or_default()
                    .push(i);
            }
            self.changes.push(change);
        }
    }

    /// Records each change right after the last change made to the same step, so the changes
    /// list reads step by step (a rename after the move that called for it); changes of a
    /// step with no earlier change go at the end, in the order given. One pass over the list
    /// and one re-indexing for the whole batch (one per change was quadratic).
    pub(crate) fn record_after_steps(&mut self, batch: Vec<Change>) {
        if batch.is_empty() {
            return;
        }
        crate::visit(self.changes.len() + batch.len());
        let mut last: HashMap<(&str, Option<&str>), usize> = HashMap::new();
        for (i, c) in self.changes.iter().enumerate() {
            last.insert((c.procedure.as_str(), c.step.as_deref()), i);
        }
        // The batch's changes by the index they follow (`None`: the end).
        let mut after: Vec<Vec<Change>> = Vec::new();
        after.resize_with(self.changes.len(), Vec::new);
        let mut at_end = Vec::new();
        for change in batch {
            match last
                .get(&(change.procedure.as_str(), change.step.as_deref()))
                .copied()
            {
                Some(i) if i < after.len() => {
                    if let Some(slot) = after.get_mut(i) {
                        slot.push(change);
                    }
                }
                _ => at_end.push(change),
            }
        }
        let old = std::mem::take(&mut self.changes);
        let mut merged = Vec::with_capacity(old.len() + at_end.len());
        for (c, follow) in old.into_iter().zip(after) {
            merged.push(c);
            merged.extend(follow);
        }
        merged.extend(at_end);
        self.changes = merged;
        self.reindex();
    }

    /// Keeps the changes `keep` says (the maps are made again).
    pub(crate) fn retain_changes(&mut self, keep: impl FnMut(&Change) -> bool) {
        self.changes.retain(keep);
        self.reindex();
    }

    /// Orders the changes by `key` (the maps are made again).
    pub(crate) fn sort_changes<K: Ord>(&mut self, key: impl FnMut(&Change) -> K) {
        self.changes.sort_by_key(key);
        self.reindex();
    }

    fn reindex(&mut self) {
        let changes = std::mem::take(&mut self.changes);
        self.by_key.clear();
        self.by_step.clear();
        self.by_document.clear();
        for c in changes {
            self.record(c);
        }
    }

    /// Adds a basis to the changes already made to a step (`kind` given) or a document of
    /// `procedure`: a second blocker that the same move removes. Nothing if there is none.
    pub(crate) fn also_answers(
        &mut self,
        procedure: &str,
        kind: Option<ChangeKind>,
        step: Option<&str>,
        document: Option<&str>,
        basis: &Basis,
    ) {
        let candidates = match (step, document) {
            (_, Some(d)) => self.by_document.get(&(procedure.to_owned(), d.to_owned())),
            (Some(s), None) => self.by_step.get(&(procedure.to_owned(), s.to_owned())),
            (None, None) => None,
        };
        for &i in candidates.into_iter().flatten() {
            crate::visit(1);
            let Some(c) = self.changes.get_mut(i) else {
                continue;
            };
            let hit = c.procedure == procedure
                && match (step, document) {
                    (_, Some(d)) => c.document.as_deref() == Some(d),
                    (Some(s), None) => {
                        c.step.as_deref() == Some(s) && kind.is_none_or(|k| c.kind == k)
                    }
                    (None, None) => false,
                };
            if hit {
                c.add_basis(basis);
            }
        }
    }

    /// Records a justified blocker, merged with the others of the same step and document.
    pub(crate) fn keep(&mut self, b: &Blocker) {
        let Some(required_by) = b.required_by.clone() else {
            return;
        };
        let key = (b.procedure.clone(), b.step.clone(), b.document.clone());
        let found = self.kept_by.get(&key).copied().filter(|&i| {
            self.kept.get(i).is_some_and(|k| {
                k.procedure == b.procedure && k.step == b.step && k.document == b.document
            })
        });
        if let Some(k) = found.and_then(|i| self.kept.get_mut(i)) {
            if !k.criteria.contains(&b.criterion) {
                k.criteria.push(b.criterion);
                k.criteria.sort_unstable();
            }
            if !k.rules.contains(&b.cause_code) {
                k.rules.push(b.cause_code);
            }
            return;
        }
        self.kept_by.insert(key, self.kept.len());
        self.kept.push(Kept {
            procedure: b.procedure.clone(),
            step: b.step.clone(),
            step_name: b.step_name.clone(),
            document: b.document.clone(),
            document_name: b.document_name.clone(),
            criteria: vec![b.criterion],
            rules: vec![b.cause_code],
            reason_category: Some(b.reason_category),
            required_by,
            noted: false,
        });
    }

    /// Records a step blocker left alone because the step carries the paper original
    /// `document`, which the law requires (`required_by`): the step cannot go online first.
    pub(crate) fn keep_for_paper(
        &mut self,
        b: &Blocker,
        document: &str,
        document_name: &str,
        required_by: &str,
    ) {
        let key = (
            b.procedure.clone(),
            b.step.clone(),
            Some(document.to_owned()),
        );
        if let Some(k) = self
            .kept_by
            .get(&key)
            .copied()
            .and_then(|i| self.kept.get_mut(i))
        {
            if !k.criteria.contains(&b.criterion) {
                k.criteria.push(b.criterion);
                k.criteria.sort_unstable();
            }
            if !k.rules.contains(&b.cause_code) {
                k.rules.push(b.cause_code);
            }
            k.noted = true;
            return;
        }
        self.kept_by.insert(key, self.kept.len());
        self.kept.push(Kept {
            procedure: b.procedure.clone(),
            step: b.step.clone(),
            step_name: b.step_name.clone(),
            document: Some(document.to_owned()),
            document_name: Some(document_name.to_owned()),
            criteria: vec![b.criterion],
            rules: vec![b.cause_code],
            reason_category: Some(b.reason_category),
            required_by: required_by.to_owned(),
            noted: true,
        });
    }
}
