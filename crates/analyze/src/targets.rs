//! Ranking the blockers of all procedures as re-engineering targets: the tool's own ranking, by
//! yearly trips saved (no legal reference: Điều 16 of Thông tư 01/2023/TT-VPCP is cited only by
//! the selection list, `quytrinh select`).
//!
//! A catalogue of 100,000 procedures has about two million blockers, so the ranking keeps each
//! as a small [`Candidate`] (numbers, and the ids it needs in one text per procedure) rather
//! than the blocker itself: the streamed report ([`crate::JsonReport`]) holds only these until
//! it writes the targets, and a target's remedy is written again from its cause when needed.

use serde::Serialize;

use quytrinh_model::Lang;

use crate::report::{Blocker, ProcedureAnalysis, Target};
use crate::rules::{Cause, ReasonCategory};
use crate::text;

/// Ranks every blocker: unjustified first, then by yearly applicant trips saved
/// (`annual_volume` × the trips saved if the step were online, rules v2), then by the number of
/// criteria the step
/// breaks, then by procedure code, step, criterion and document for a stable order.
pub fn rank_targets(procedures: &[ProcedureAnalysis], lang: Lang) -> Vec<Target> {
    let mut ranking = Ranking::default();
    for p in procedures {
        ranking.push(Seed::of(p));
    }
    let ranked = ranking.rank();
    (0..ranked.len())
        .filter_map(|i| ranked.get(i, lang).map(|t| t.to_owned()))
        .collect()
}

/// Where an id is in its procedure's [`Seed::text`]: start and length (`u32::MAX` start for
/// none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span(u32, u32);

impl Span {
    const NONE: Span = Span(u32::MAX, 0);

    fn push(text: &mut String, s: Option<&str>) -> Span {
        match s {
            None => Span::NONE,
            Some(s) => {
                let start = u32::try_from(text.len()).unwrap_or(u32::MAX - 1);
                text.push_str(s);
                Span(start, u32::try_from(s.len()).unwrap_or(0))
            }
        }
    }

    fn get(self, text: &str) -> Option<&str> {
        if self.0 == u32::MAX {
            return None;
        }
        let start = self.0 as usize;
        text.get(start..start + self.1 as usize)
    }
}

/// One blocker as the ranking keeps it.
#[derive(Debug, Clone)]
struct Candidate {
    justified: bool,
    yearly_visits_saved: u64,
    criteria_broken: u32,
    criterion: u8,
    rule: &'static str,
    reason_category: ReasonCategory,
    cause: Cause,
    /// The blocker has a `required_by` provision (its remedy says so).
    required: bool,
    step: Span,
    document: Span,
    available_from: Span,
}

/// What the ranking keeps of one procedure: made from its analysis on any thread, then given
/// to [`Ranking::push`] in catalogue order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seed {
    /// The procedure's code and name, then the step ids, document ids and `available_from`
    /// texts of the candidates, end to end: one allocation, which writing a target reads
    /// once.
    text: Box<str>,
    /// Where the code ends and the name starts.
    code_end: u32,
    /// Where the name ends.
    name_end: u32,
    candidates: Vec<Candidate>,
}

impl Seed {
    /// The targets of one procedure's blockers, unranked.
    pub(crate) fn of(p: &ProcedureAnalysis) -> Seed {
        let ids = |b: &Blocker| {
            [&b.step, &b.document, &b.available_from]
                .iter()
                .map(|s| s.as_ref().map_or(0, String::len))
                .sum::<usize>()
        };
        let mut text = String::with_capacity(
            p.code.len() + p.name.len() + p.blockers.iter().map(ids).sum::<usize>(),
        );
        text.push_str(&p.code);
        text.push_str(&p.name);
        let candidates: Vec<Candidate> = p
            .blockers
            .iter()
            .map(|b: &Blocker| Candidate {
                justified: b.justified,
                yearly_visits_saved: p
                    .annual_volume
                    .unwrap_or(0)
                    .saturating_mul(u64::from(b.trips_saved)),
                criteria_broken: 1,
                criterion: b.criterion,
                rule: b.rule,
                reason_category: b.reason_category,
                cause: b.cause,
                required: b.required_by.is_some(),
                step: Span::push(&mut text, b.step.as_deref()),
                document: Span::push(&mut text, b.document.as_deref()),
                available_from: Span::push(&mut text, b.available_from.as_deref()),
            })
            .collect();
        Seed::new(p.code.len(), p.name.len(), text, candidates)
    }

    /// The procedure's code.
    fn code(&self) -> &str {
        self.text.get(..self.code_end as usize).unwrap_or_default()
    }

    /// The procedure's name.
    fn name(&self) -> &str {
        self.text
            .get(self.code_end as usize..self.name_end as usize)
            .unwrap_or_default()
    }

    /// A procedure's candidates (in blocker order; `text` holds its code, of `code` bytes, its
    /// name, of `name` bytes, then their ids), kept in their order within the procedure: by
    /// step, criterion and document, equal ones in blocker order. It is found here, on the
    /// worker that analysed the procedure, so that the ranking orders two candidates of one
    /// procedure by their places alone. Each candidate with a step is given the number of
    /// criteria its step breaks (the criteria of the run of candidates with that step, which
    /// the order puts side by side and sorted).
    fn new(code: usize, name: usize, text: String, mut candidates: Vec<Candidate>) -> Seed {
        candidates.sort_by(|a, b| {
            a.step
                .get(&text)
                .cmp(&b.step.get(&text))
                .then(a.criterion.cmp(&b.criterion))
                .then_with(|| a.document.get(&text).cmp(&b.document.get(&text)))
        });
        let mut rest = &mut candidates[..];
        while let Some((first, _)) = rest.split_first() {
            let step = first.step.get(&text);
            let run = rest
                .iter()
                .position(|c| c.step.get(&text) != step)
                .unwrap_or(rest.len());
            let (same, after) = rest.split_at_mut(run);
            if step.is_some() {
                let mut criteria = 0u32;
                let mut previous = None;
                for c in same.iter() {
                    if previous != Some(c.criterion) {
                        criteria += 1;
                        previous = Some(c.criterion);
                    }
                }
                for c in same.iter_mut() {
                    c.criteria_broken = criteria;
                }
            }
            rest = after;
        }
        let code_end = u32::try_from(code).unwrap_or(0);
        Seed {
            text: text.into_boxed_str(),
            code_end,
            name_end: u32::try_from(code + name).map_or(code_end, |end| end),
            candidates,
        }
    }
}

/// The candidates of every procedure, in catalogue order, until they are ranked. Each
/// procedure keeps its own (a few per procedure, millions in all): no list of them all is
/// grown and copied as a catalogue streams in.
#[derive(Debug, Default)]
pub(crate) struct Ranking {
    procedures: Vec<Seed>,
    /// The candidates of all of them.
    count: usize,
}

impl Ranking {
    pub(crate) fn push(&mut self, seed: Seed) {
        self.count += seed.candidates.len();
        self.procedures.push(seed);
    }

    /// Sorts the candidates into target order (a stable sort: equal ones keep catalogue and
    /// blocker order).
    pub(crate) fn rank(self) -> Ranked {
        // Codes compared once: each procedure gets the rank of its code among all codes.
        let mut order: Vec<u32> =
            (0..u32::try_from(self.procedures.len()).unwrap_or(u32::MAX)).collect();
        let code = |i: u32| self.procedures.get(i as usize).map_or("", Seed::code);
        crate::par::sort_unstable_by(&mut order, |&a, &b| code(a).cmp(code(b)).then(a.cmp(&b)));
        let mut code_rank = vec![0u32; self.procedures.len()];
        let (mut rank, mut previous) = (0, None);
        for &i in &order {
            let c = code(i);
            if previous.is_some_and(|p| p != c) {
                rank += 1;
            }
            previous = Some(c);
            if let Some(r) = code_rank.get_mut(i as usize) {
                *r = rank;
            }
        }
        // Each procedure its own code (the usual catalogue): the whole order fits one integer.
        if rank as usize + 1 == self.procedures.len()
            && let Some(order) = packed_order(&self.procedures, &order, &code_rank)
        {
            return Ranked {
                order,
                procedures: self.procedures,
            };
        }
        let procedures = &self.procedures;
        // Millions of candidates on a large catalogue: sorted as (key, place) pairs, whose
        // 128-bit key orders them up to the code, so that most comparisons are one integer
        // comparison and no candidate moves. Equal keys within one procedure are ordered by
        // place (its candidates are kept in their order by step, criterion and document);
        // equal keys of two procedures (one code) by step, criterion and document, then by
        // place. The order is that of a stable sort by the documented order.
        let mut order: Vec<(u128, Place)> = Vec::with_capacity(self.count);
        for (i, p) in procedures.iter().enumerate() {
            let rank = code_rank.get(i).copied().unwrap_or(0);
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for (j, c) in p.candidates.iter().enumerate() {
                let j = u32::try_from(j).unwrap_or(u32::MAX);
                order.push((sort_key(c, rank), (i, j)));
            }
        }
        let ids = |(i, j): Place| {
            let p = procedures.get(i as usize)?;
            let c = p.candidates.get(j as usize)?;
            Some((c.step.get(&p.text), c.criterion, c.document.get(&p.text)))
        };
        crate::par::sort_unstable_by(&mut order, |a, b| {
            a.0.cmp(&b.0).then_with(|| {
                if a.1.0 == b.1.0 {
                    return a.1.1.cmp(&b.1.1);
                }
                ids(a.1).cmp(&ids(b.1)).then(a.1.cmp(&b.1))
            })
        });
        Ranked {
            order: order.into_iter().map(|(_, place)| place).collect(),
            procedures: self.procedures,
        }
    }
}

/// The ranking of [`Ranking::rank`] when every procedure has its own code (`by_code`: the
/// procedures in code order; `code_rank`: each procedure's place in it), with every
/// candidate's order packed in one 128-bit integer, most significant first: justified, trips
/// saved (complemented), criteria broken (complemented), the code's rank, the candidate's place
/// in its procedure. Sorting these plain integers is the order of a stable sort by the
/// documented order: two candidates differ in code or place. `None` when the numbers do not
/// fit (a catalogue of more than 2^32 procedures or candidates in one, or trips saved too many
/// to leave room for them).
fn packed_order(procedures: &[Seed], by_code: &[u32], code_rank: &[u32]) -> Option<Vec<Place>> {
    fn bits(n: usize) -> u32 {
        usize::BITS - n.leading_zeros()
    }
    let widest = procedures.iter().map(|p| p.candidates.len()).max()?;
    let (rank_bits, place_bits) = (bits(procedures.len()), bits(widest));
    if rank_bits > 32 || place_bits > 32 {
        return None;
    }
    // Criteria broken at one step: distinct `u8` criteria, at most 256 (9 bits).
    const BROKEN_BITS: u32 = 9;
    let visits_bits = 128 - 1 - BROKEN_BITS - rank_bits - place_bits;
    let visits_max = u128::MAX >> (128 - visits_bits);
    let fits = |c: &Candidate| {
        u128::from(c.yearly_visits_saved) <= visits_max && c.criteria_broken < (1 << BROKEN_BITS)
    };
    if !procedures.iter().all(|p| p.candidates.iter().all(fits)) {
        return None;
    }
    let mut keys: Vec<u128> = crate::par::flat_map(procedures, |i, p| {
        let rank = u128::from(code_rank.get(i).copied().unwrap_or(0));
        p.candidates.iter().enumerate().map(move |(j, c)| {
            let mut key = u128::from(c.justified);
            key = (key << visits_bits) | (visits_max - u128::from(c.yearly_visits_saved));
            key = (key << BROKEN_BITS) | u128::from((1 << BROKEN_BITS) - 1 - c.criteria_broken);
            key = (key << rank_bits) | rank;
            (key << place_bits) | j as u128
        })
    });
    crate::par::sort_unstable_by(&mut keys, u128::cmp);
    let low = |key: u128, n: u32| (key & ((1u128 << n) - 1)) as u32;
    Some(
        keys.into_iter()
            .map(|key| {
                let rank = low(key >> place_bits, rank_bits);
                let i = by_code.get(rank as usize).copied().unwrap_or(u32::MAX);
                (i, low(key, place_bits))
            })
            .collect(),
    )
}

/// A candidate's place: its procedure's in [`Ranking`], its own in the procedure's.
type Place = (u32, u32);

/// The leading part of the ranking order as one integer (smaller first): not justified
/// first, then the most visits saved, the most criteria broken (a count of distinct `u8`
/// criteria, at most 256), the rank of the procedure's code (`code_rank`).
fn sort_key(c: &Candidate, code_rank: u32) -> u128 {
    const BROKEN: u32 = 0x7fff_ffff;
    (u128::from(c.justified) << 127)
        | (u128::from(!c.yearly_visits_saved) << 63)
        | (u128::from(BROKEN - c.criteria_broken.min(BROKEN)) << 32)
        | u128::from(code_rank)
}

/// The candidates in rank order ([`Ranking::rank`]).
#[derive(Debug, Default)]
pub(crate) struct Ranked {
    procedures: Vec<Seed>,
    /// The candidates' places, in rank order.
    order: Vec<Place>,
}

impl Ranked {
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// The target of rank `i + 1`, its remedy in `lang`.
    pub(crate) fn get(&self, i: usize, lang: Lang) -> Option<TargetRef<'_>> {
        let &(at, j) = self.order.get(i)?;
        let p = self.procedures.get(at as usize)?;
        let c = p.candidates.get(j as usize)?;
        Some(TargetRef {
            rank: i + 1,
            code: p.code(),
            name: p.name(),
            step: c.step.get(&p.text),
            document: c.document.get(&p.text),
            criterion: c.criterion,
            rule: c.rule,
            yearly_visits_saved: c.yearly_visits_saved,
            criteria_broken: c.criteria_broken as usize,
            justified: c.justified,
            reason_category: c.reason_category,
            remedy: text::remedy_of(c.cause, c.available_from.get(&p.text), c.required, lang),
        })
    }
}

/// A [`Target`] borrowed from the ranking; serialised with the same fields.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TargetRef<'a> {
    pub rank: usize,
    pub code: &'a str,
    pub name: &'a str,
    pub step: Option<&'a str>,
    pub document: Option<&'a str>,
    pub criterion: u8,
    pub rule: &'static str,
    pub yearly_visits_saved: u64,
    pub criteria_broken: usize,
    pub justified: bool,
    pub reason_category: ReasonCategory,
    pub remedy: std::borrow::Cow<'a, str>,
}

impl TargetRef<'_> {
    pub(crate) fn to_owned(&self) -> Target {
        Target {
            rank: self.rank,
            code: self.code.to_owned(),
            name: self.name.to_owned(),
            step: self.step.map(str::to_owned),
            document: self.document.map(str::to_owned),
            criterion: self.criterion,
            rule: self.rule,
            yearly_visits_saved: self.yearly_visits_saved,
            criteria_broken: self.criteria_broken,
            justified: self.justified,
            reason_category: self.reason_category,
            remedy: self.remedy.clone().into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranking is a stable sort by the documented order (not justified first, most trips
    /// saved, most criteria broken at the step, code, step, criterion, document; equal ones in
    /// catalogue and blocker order), on candidates made to tie often: few values of each
    /// field, codes shared by several procedures, missing steps and documents.
    #[test]
    fn ranking_is_a_stable_sort_by_the_documented_order() {
        // Codes shared by several procedures (the comparison sort), and each procedure its
        // own (the packed integers).
        check_ranking(true);
        check_ranking(false);
    }

    fn check_ranking(shared_codes: bool) {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let ids = [None, Some("a"), Some("b"), Some("ba")];
        // (code, step, criterion, document, justified, visits, broken, identity)
        type Row = (
            String,
            Option<&'static str>,
            u8,
            Option<&'static str>,
            bool,
            u64,
            u32,
            String,
        );
        let mut rows: Vec<Row> = Vec::new();
        let mut ranking = Ranking::default();
        for p in 0..60 {
            let code = if shared_codes {
                format!("P{}", next(25))
            } else {
                format!("P{}", (p * 7919) % 60)
            };
            let mut text = code.clone();
            let mut candidates = Vec::new();
            for b in 0..next(7) {
                let identity = format!("{p}/{b}");
                let row: Row = (
                    code.clone(),
                    ids[next(4) as usize],
                    1 + next(3) as u8,
                    ids[next(4) as usize],
                    next(4) == 0,
                    next(3) * 1000,
                    1,
                    identity.clone(),
                );
                candidates.push(Candidate {
                    justified: row.4,
                    yearly_visits_saved: row.5,
                    criteria_broken: row.6,
                    criterion: row.2,
                    rule: "TC6",
                    reason_category: ReasonCategory::PresenceRequired,
                    cause: Cause::NotPublished,
                    required: false,
                    step: Span::push(&mut text, row.1),
                    document: Span::push(&mut text, row.3),
                    // The identity rides where the remedy's date would be.
                    available_from: Span::push(&mut text, Some(&identity)),
                });
                rows.push(row);
            }
            // The criteria broken at each step, as the ranking counts them: distinct criteria
            // of the procedure's blockers at that step.
            let first = rows.len() - candidates.len();
            for i in first..rows.len() {
                if let Some(step) = rows[i].1 {
                    let mut criteria: Vec<u8> = rows[first..]
                        .iter()
                        .filter(|r| r.1 == Some(step))
                        .map(|r| r.2)
                        .collect();
                    criteria.sort_unstable();
                    criteria.dedup();
                    rows[i].6 = criteria.len() as u32;
                }
            }
            ranking.push(Seed::new(code.len(), 0, text, candidates));
        }
        assert!(rows.len() > 100, "{}", rows.len());
        // The documented order, as a key; `sort_by_key` is stable.
        rows.sort_by_key(|r| {
            (
                r.4,
                std::cmp::Reverse(r.5),
                std::cmp::Reverse(r.6),
                r.0.clone(),
                r.1,
                r.2,
                r.3,
            )
        });
        let want: Vec<&str> = rows.iter().map(|r| r.7.as_str()).collect();
        let ranked = ranking.rank();
        let got: Vec<&str> = ranked
            .order
            .iter()
            .filter_map(|&(i, j)| {
                let p = ranked.procedures.get(i as usize)?;
                p.candidates.get(j as usize)?.available_from.get(&p.text)
            })
            .collect();
        assert_eq!(got, want, "shared codes: {shared_codes}");
    }
}
