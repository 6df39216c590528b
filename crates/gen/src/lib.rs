//! Generates realistic catalogues of administrative procedures as `.jsonl` (one document per
//! line, `FORMAT.md`), for benchmarks and performance runs. Not part of the user CLI.
//!
//! Each procedure has 5–40 steps and 2–6 actors (the applicant first), a mix of channels,
//! actions and documents (paper and electronic, some `available_from` another source or
//! `required_by` a provision), signatures, fees, annual volumes, rework loops, alternative
//! branches and time limits, with Vietnamese names. Liên thông groups are interleaved: their
//! members are included by code (`{"include": "1.000042"}`, a procedure written earlier in the
//! same file) or written inline, and consecutive members are linked.
//!
//! The output is a pure function of the [`Config`]: the same seed gives the same bytes. Every
//! generated catalogue loads without a diagnostic (the tests check this).

use std::io::{self, Write};

use quytrinh_model::{
    Action, Actor, Channel, Document, DossierDocument, Flow, FlowKind, Form, Group, Link, Member,
    Procedure, ProcedureResult, Role, Signature, Step,
};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Standalone procedures (one line each).
    pub procedures: usize,
    /// Liên thông groups (one line each), interleaved with the procedures.
    pub groups: usize,
    pub seed: u64,
}

impl Config {
    /// `procedures` procedures and the default number of groups (one per 25 procedures).
    pub fn new(procedures: usize, seed: u64) -> Config {
        Config {
            procedures,
            groups: default_groups(procedures),
            seed,
        }
    }
}

/// The default number of groups for `procedures` procedures: one per 25.
pub fn default_groups(procedures: usize) -> usize {
    procedures / 25
}

/// A whole catalogue of `n` procedures (and `n / 25` groups) in memory.
pub fn catalog(n: usize, seed: u64) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_catalog(&mut out, &Config::new(n, seed));
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the catalogue, one JSON document per line.
pub fn write_catalog(out: &mut impl Write, config: &Config) -> io::Result<()> {
    let mut g = Gen {
        rng: Rng::new(config.seed),
        inline: 0,
    };
    let n = config.procedures;
    // Group k is written after procedure `(k + 1) * n / (groups + 1)`, so its includes name
    // procedures written before it.
    let mut next_group = 0usize;
    let group_after = |k: usize| (k + 1) * n / (config.groups + 1);
    for i in 0..n {
        let p = g.procedure(standalone_code(i), i);
        write_line(
            out,
            Document {
                procedure: Some(p),
                group: None,
            },
        )?;
        while next_group < config.groups && group_after(next_group) <= i + 1 {
            let group = g.group(next_group, i + 1);
            write_line(
                out,
                Document {
                    procedure: None,
                    group: Some(group),
                },
            )?;
            next_group += 1;
        }
    }
    while next_group < config.groups {
        let group = g.group(next_group, n);
        write_line(
            out,
            Document {
                procedure: None,
                group: Some(group),
            },
        )?;
        next_group += 1;
    }
    Ok(())
}

fn write_line(out: &mut impl Write, doc: Document) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}

fn standalone_code(i: usize) -> String {
    format!("1.{i:06}")
}

/// SplitMix64: a tiny, good-enough PRNG, so the output never depends on a crate's version.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        let span = (hi.saturating_sub(lo) as u64).saturating_add(1);
        lo + (self.next() % span) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.range(0, items.len().saturating_sub(1));
        items.get(i).copied().unwrap_or_default()
    }

    fn pick_copy<T: Copy>(&mut self, items: &[T], fallback: T) -> T {
        let i = self.range(0, items.len().saturating_sub(1));
        items.get(i).copied().unwrap_or(fallback)
    }

    /// Working days in quarter-day steps, in `0.25..=max`.
    fn days(&mut self, max: usize) -> f64 {
        self.range(1, max * 4) as f64 / 4.0
    }
}

struct Gen {
    rng: Rng,
    /// Inline group members written so far (their codes are `2.NNNNNN`).
    inline: usize,
}

/// A layer of the main path: one step, or two alternative steps (one of them is taken).
type Layer = Vec<usize>;

impl Gen {
    /// One procedure; `earlier` procedures were written before it (for `available_from`).
    fn procedure(&mut self, code: String, earlier: usize) -> Procedure {
        let r = &mut self.rng;
        let object = r.pick(OBJECTS);
        let name = format!("{} {object}", r.pick(VERBS));
        let actors = self.actors();
        let documents = self.documents(earlier);
        let (steps, flows) = self.steps(&actors, &documents);
        let r = &mut self.rng;
        let path_days: f64 = steps.iter().filter_map(|s| s.duration_days).sum();
        let time_limit_days = if r.chance(0.9) {
            // Usually enough for the steps; sometimes shorter than they take (a timing finding).
            let factor = if r.chance(0.2) { 0.6 } else { 1.3 };
            Some((path_days * factor).ceil().max(1.0))
        } else {
            None
        };
        let fee_vnd = match r.range(0, 9) {
            0..=3 => None,
            4 => Some(0),
            _ => Some(r.pick_copy(FEES, 50_000)),
        };
        let annual_volume = if r.chance(0.85) {
            // Log-uniform between 10 and about 2 million dossiers a year.
            let exp = r.range(10, 63) as f64 / 10.0;
            Some(10f64.powf(exp).round() as u64)
        } else {
            None
        };
        let mut legal_basis = vec![r.pick(LAWS).to_owned()];
        if r.chance(0.6) {
            legal_basis.push(r.pick(DECREES).to_owned());
        }
        if r.chance(0.3) {
            legal_basis.push("Thông tư 01/2023/TT-VPCP".to_owned());
        }
        let result = r.chance(0.9).then(|| ProcedureResult {
            name: Some(format!("{} {object}", r.pick(RESULTS))),
            electronic: r.chance(0.5),
        });
        Procedure {
            code,
            name,
            field: r.chance(0.9).then(|| r.pick(FIELDS).to_owned()),
            authority: r.chance(0.9).then(|| r.pick(AUTHORITIES).to_owned()),
            legal_basis,
            time_limit_days,
            fee_vnd,
            annual_volume,
            published: r.chance(0.85),
            forms_downloadable: r.chance(0.75),
            result,
            actors,
            documents,
            steps,
            flows,
            note: r
                .chance(0.1)
                .then(|| "Mô hình sinh tự động để đo hiệu năng.".to_owned()),
        }
    }

    fn actors(&mut self) -> Vec<Actor> {
        let r = &mut self.rng;
        let n = r.range(2, 6);
        let mut actors = vec![
            Actor {
                id: "nguoi_nop".into(),
                name: r.pick(APPLICANTS).into(),
                role: Role::Applicant,
            },
            Actor {
                id: "mot_cua".into(),
                name: r.pick(ONE_STOP).into(),
                role: Role::Agency,
            },
        ];
        for i in 2..n {
            let (role, names, base) = match r.range(0, 9) {
                0..=5 => (Role::Official, OFFICIALS, "can_bo"),
                6..=7 => (Role::OtherAgency, OTHER_AGENCIES, "co_quan"),
                _ => (Role::ServiceProvider, PROVIDERS, "dich_vu"),
            };
            actors.push(Actor {
                id: format!("{base}_{i}"),
                name: r.pick(names).into(),
                role,
            });
        }
        actors
    }

    fn documents(&mut self, earlier: usize) -> Vec<DossierDocument> {
        let r = &mut self.rng;
        let n = r.range(1, 7);
        (0..n)
            .map(|i| {
                let (base, name) = r.pick_copy(DOCUMENTS, ("don", "Đơn đề nghị"));
                let paper = r.chance(0.45);
                let available_from = if r.chance(0.2) {
                    if earlier > 0 && r.chance(0.4) {
                        Some(standalone_code(r.range(0, earlier - 1)))
                    } else {
                        Some(r.pick(DATABASES).to_owned())
                    }
                } else {
                    None
                };
                let required_by = (paper && r.chance(0.25)).then(|| r.pick(PROVISIONS).to_owned());
                DossierDocument {
                    id: format!("{base}_{i}"),
                    name: name.to_owned(),
                    form: if paper { Form::Paper } else { Form::Electronic },
                    available_from,
                    required_by,
                    note: None,
                    kind: quytrinh_model::DocumentKind::Attachment,
                }
            })
            .collect()
    }

    /// The steps and flows: submit, receive, a main path of layers (some with two alternative
    /// steps), issue and return the result; maybe a supplement loop and a loop back.
    fn steps(
        &mut self,
        actors: &[Actor],
        documents: &[DossierDocument],
    ) -> (Vec<Step>, Option<Vec<Flow>>) {
        let r = &mut self.rng;
        let total = r.range(5, 40);
        let supplement = r.chance(0.6);
        let mut budget = total - 4 - usize::from(supplement);
        let submit_channel = r.pick_copy(
            &[
                Channel::Online,
                Channel::Online,
                Channel::Online,
                Channel::InPerson,
                Channel::InPerson,
                Channel::Postal,
            ],
            Channel::Online,
        );
        let staff: Vec<&Actor> = actors.iter().skip(1).collect();
        let mut steps = Vec::with_capacity(total);
        let doc_ids: Vec<String> = documents.iter().map(|d| d.id.clone()).collect();
        steps.extend(filing(r, submit_channel, &doc_ids));
        let mut layers: Vec<Layer> = vec![vec![0], vec![1]];
        while budget > 0 {
            let alternative =
                budget >= 2 && r.chance(0.15) && layers.last().is_some_and(|l| l.len() == 1);
            let width = if alternative { 2 } else { 1 };
            let mut layer = Vec::with_capacity(width);
            for _ in 0..width {
                let i = steps.len();
                steps.push(middle_step(r, i, &staff, &doc_ids));
                layer.push(i);
            }
            budget -= width;
            layers.push(layer);
        }
        let officials: Vec<&Actor> = staff
            .iter()
            .copied()
            .filter(|a| a.role == Role::Official)
            .collect();
        let issuer = officials
            .first()
            .or(staff.first())
            .map_or("mot_cua", |a| a.id.as_str());
        let issue = steps.len();
        steps.extend(result_steps(r, issuer));
        layers.push(vec![issue]);
        layers.push(vec![issue + 1]);

        let simple = !supplement && layers.iter().all(|l| l.len() == 1);
        if simple && r.chance(0.5) {
            // No `flows`: the steps run in the order listed.
            return (steps, None);
        }
        let mut flows = layer_flows(r, &steps, &layers);
        if supplement {
            let (step, back) = supplement_loop(r, submit_channel, &doc_ids);
            steps.push(step);
            flows.extend(back);
        }
        flows.extend(loop_back(r, &steps, &layers));
        (steps, Some(flows))
    }

    /// Group `k`; `written` standalone procedures precede it in the file.
    fn group(&mut self, k: usize, written: usize) -> Group {
        let size = self.rng.range(2, 4);
        let mut members = Vec::with_capacity(size);
        let mut codes: Vec<String> = Vec::with_capacity(size);
        for _ in 0..size {
            let include = written > 0 && self.rng.chance(0.7);
            if include {
                let code = standalone_code(self.rng.range(0, written - 1));
                if codes.contains(&code) {
                    continue;
                }
                codes.push(code.clone());
                members.push(Member {
                    include: Some(code),
                    procedure: None,
                });
            } else {
                let code = format!("2.{:06}", self.inline);
                self.inline += 1;
                let p = self.procedure(code.clone(), written);
                codes.push(code);
                members.push(Member::inline(p));
            }
        }
        let r = &mut self.rng;
        let links = codes
            .windows(2)
            .filter_map(|pair| {
                let [from, to] = pair else { return None };
                Some(Link {
                    from: from.clone(),
                    to: to.clone(),
                    channel: r.pick_copy(
                        &[Channel::Online, Channel::Online, Channel::Paper],
                        Channel::Online,
                    ),
                    from_step: Some("cap_ket_qua".into()),
                    to_step: Some("tiep_nhan".into()),
                    carries: vec!["ket_qua".into()],
                    label: Some(r.pick(LINK_LABELS).to_owned()),
                })
            })
            .collect();
        Group {
            code: format!("LT-{k:05}"),
            name: format!("Liên thông {}", r.pick(GROUP_THEMES)),
            time_limit_days: Some(r.range(3, 30) as f64),
            procedures: members,
            links,
            note: None,
        }
    }
}

/// The applicant's filing and the one-stop desk's receipt: the first two steps.
fn filing(r: &mut Rng, channel: Channel, docs: &[String]) -> [Step; 2] {
    let online = channel == Channel::Online;
    let mut submit = Step::new(
        "nop",
        r.pick(SUBMIT_NAMES),
        "nguoi_nop",
        Action::Submit,
        channel,
    );
    submit.documents = docs.to_vec();
    submit.signature = if online {
        Signature::Digital
    } else {
        r.pick_copy(&[Signature::Wet, Signature::None], Signature::Wet)
    };
    let mut receive = Step::new(
        "tiep_nhan",
        "Tiếp nhận, kiểm tra tính đầy đủ của hồ sơ",
        "mot_cua",
        Action::Receive,
        if online {
            Channel::Online
        } else {
            Channel::InPerson
        },
    );
    receive.duration_days = Some(r.days(1));
    [submit, receive]
}

/// The result issued by `issuer` and returned by the one-stop desk: the last two steps.
fn result_steps(r: &mut Rng, issuer: &str) -> [Step; 2] {
    let mut issue = Step::new(
        "cap_ket_qua",
        r.pick(ISSUE_NAMES),
        issuer,
        Action::IssueResult,
        r.pick_copy(&[Channel::Online, Channel::Paper], Channel::Online),
    );
    issue.signature = r.pick_copy(&[Signature::Digital, Signature::Wet], Signature::Wet);
    issue.duration_days = Some(r.days(2));
    let ret = Step::new(
        "tra_ket_qua",
        r.pick(RETURN_NAMES),
        "mot_cua",
        Action::ReturnResult,
        r.pick_copy(
            &[Channel::Online, Channel::InPerson, Channel::Postal],
            Channel::InPerson,
        ),
    );
    [issue, ret]
}

/// The flows from each layer of steps to every step of the next; the steps of a layer of two
/// are alternatives, each flow to them labelled with a branch.
fn layer_flows(r: &mut Rng, steps: &[Step], layers: &[Layer]) -> Vec<Flow> {
    let mut flows = Vec::with_capacity(steps.len() + 4);
    for pair in layers.windows(2) {
        let [from, to] = pair else { continue };
        for &a in from {
            for &b in to {
                flows.push(Flow {
                    from: step_id(steps, a),
                    to: step_id(steps, b),
                    label: (to.len() > 1).then(|| r.pick(BRANCH_LABELS).to_owned()),
                    kind: if to.len() > 1 {
                        FlowKind::Alternative
                    } else {
                        FlowKind::Normal
                    },
                    chosen_by: None,
                });
            }
        }
    }
    flows
}

/// The applicant's supplement asked for at the receipt, and the two flows of that loop.
fn supplement_loop(r: &mut Rng, channel: Channel, docs: &[String]) -> (Step, [Flow; 2]) {
    let mut step = Step::new(
        "bo_sung",
        "Bổ sung, hoàn thiện hồ sơ",
        "nguoi_nop",
        Action::Supplement,
        channel,
    );
    step.documents = docs.iter().take(2).cloned().collect();
    step.duration_days = Some(r.days(5));
    let flows = [
        Flow {
            from: "tiep_nhan".into(),
            to: "bo_sung".into(),
            label: Some("Yêu cầu bổ sung hồ sơ".into()),
            kind: FlowKind::Rework,
            chosen_by: None,
        },
        Flow {
            from: "bo_sung".into(),
            to: "tiep_nhan".into(),
            label: None,
            kind: FlowKind::Normal,
            chosen_by: None,
        },
    ];
    (step, flows)
}

/// Sometimes, a loop back from a later layer to an earlier middle step.
fn loop_back(r: &mut Rng, steps: &[Step], layers: &[Layer]) -> Option<Flow> {
    let middle = layers.len().saturating_sub(4);
    if middle < 2 || !r.chance(0.35) {
        return None;
    }
    let a = r.range(3, 1 + middle);
    let b = r.range(2, a - 1);
    let from = *layers.get(a)?.first()?;
    let to = *layers.get(b)?.first()?;
    Some(Flow {
        from: step_id(steps, from),
        to: step_id(steps, to),
        label: Some("Trả lại để xử lý lại".into()),
        kind: FlowKind::Rework,
        chosen_by: None,
    })
}

fn step_id(steps: &[Step], i: usize) -> String {
    steps.get(i).map(|s| s.id.clone()).unwrap_or_default()
}

/// A step between receiving and issuing the result.
fn middle_step(r: &mut Rng, i: usize, staff: &[&Actor], docs: &[String]) -> Step {
    let action = r.pick_copy(
        &[
            Action::Process,
            Action::Process,
            Action::Process,
            Action::Verify,
            Action::Consult,
            Action::Approve,
            Action::Approve,
            Action::Transfer,
            Action::Pay,
            Action::Appear,
        ],
        Action::Process,
    );
    let staff_actor = staff
        .get(r.range(0, staff.len().saturating_sub(1)))
        .map_or("mot_cua", |a| a.id.as_str())
        .to_owned();
    let (actor, channel, names): (String, Channel, &[&str]) = match action {
        Action::Pay => (
            "nguoi_nop".into(),
            r.pick_copy(&[Channel::Online, Channel::InPerson], Channel::Online),
            PAY_NAMES,
        ),
        Action::Appear => ("nguoi_nop".into(), Channel::InPerson, APPEAR_NAMES),
        Action::Verify => (
            staff_actor,
            r.pick_copy(
                &[Channel::Online, Channel::Paper, Channel::Field],
                Channel::Field,
            ),
            VERIFY_NAMES,
        ),
        Action::Consult => (
            staff_actor,
            r.pick_copy(&[Channel::Online, Channel::Paper], Channel::Paper),
            CONSULT_NAMES,
        ),
        Action::Transfer => (
            staff_actor,
            r.pick_copy(
                &[Channel::Online, Channel::Paper, Channel::Postal],
                Channel::Paper,
            ),
            TRANSFER_NAMES,
        ),
        Action::Approve => (
            staff_actor,
            r.pick_copy(&[Channel::Online, Channel::Paper], Channel::Online),
            APPROVE_NAMES,
        ),
        _ => (
            staff_actor,
            r.pick_copy(
                &[Channel::Online, Channel::Online, Channel::Paper],
                Channel::Online,
            ),
            PROCESS_NAMES,
        ),
    };
    let signature = match action {
        Action::Approve => r.pick_copy(&[Signature::Digital, Signature::Wet], Signature::Wet),
        Action::Appear if r.chance(0.3) => Signature::Wet,
        _ => Signature::None,
    };
    let required_by = match (action, channel) {
        (Action::Appear, _) | (Action::Verify, Channel::Field) if r.chance(0.4) => {
            Some(r.pick(PROVISIONS).to_owned())
        }
        _ => None,
    };
    let documents = if action == Action::Appear && !docs.is_empty() && r.chance(0.5) {
        docs.iter().take(1).cloned().collect()
    } else {
        Vec::new()
    };
    let mut step = Step::new(
        format!("b{i}_{}", action.as_str()),
        r.pick(names),
        actor,
        action,
        channel,
    );
    step.documents = documents;
    step.signature = signature;
    step.duration_days = (action != Action::Pay).then(|| r.days(3));
    step.note = r
        .chance(0.05)
        .then(|| "Thời gian có thể kéo dài vào mùa cao điểm.".to_owned());
    step.required_by = required_by;
    step
}

const VERBS: &[&str] = &[
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Đăng ký",
    "Điều chỉnh",
    "Gia hạn",
    "Xác nhận",
    "Thẩm định",
    "Công nhận",
    "Chấp thuận",
    "Cho phép",
    "Thu hồi",
];

const OBJECTS: &[&str] = &[
    "giấy phép xây dựng nhà ở riêng lẻ",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép lái xe",
    "giấy phép kinh doanh vận tải bằng xe ô tô",
    "chứng chỉ hành nghề dược",
    "hộ kinh doanh",
    "hợp tác xã",
    "giấy chứng nhận quyền sử dụng đất",
    "biển số xe",
    "thường trú",
    "tạm trú",
    "khai sinh có yếu tố nước ngoài",
    "kết hôn",
    "việc nuôi con nuôi trong nước",
    "hộ chiếu phổ thông",
    "thẻ bảo hiểm y tế",
    "trợ cấp xã hội hằng tháng",
    "học bổng chính sách",
    "giấy phép môi trường",
    "giấy phép khai thác, sử dụng nước mặt",
    "giấy phép quảng cáo ngoài trời",
    "lễ hội truyền thống",
    "giấy chứng nhận đăng ký doanh nghiệp",
    "mã số thuế cá nhân",
    "giấy chứng nhận xuất xứ hàng hóa",
    "giấy phép lao động cho người lao động nước ngoài",
    "chứng thực bản sao từ bản chính",
    "phiếu lý lịch tư pháp",
];

const RESULTS: &[&str] = &[
    "Quyết định về",
    "Giấy xác nhận",
    "Văn bản chấp thuận",
    "Kết quả",
];

const FIELDS: &[&str] = &[
    "Hộ tịch",
    "Đăng ký, quản lý cư trú",
    "Hoạt động xây dựng",
    "Đất đai",
    "Đường bộ",
    "Dược phẩm",
    "Giáo dục và Đào tạo",
    "Bảo trợ xã hội",
    "Môi trường",
    "Văn hóa cơ sở",
    "Xúc tiến thương mại",
    "Chứng thực",
    "Thành lập và hoạt động doanh nghiệp",
    "Quản lý thuế",
];

const AUTHORITIES: &[&str] = &[
    "UBND cấp xã",
    "UBND cấp tỉnh",
    "Sở Xây dựng",
    "Sở Y tế",
    "Công an cấp xã",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Thuế cơ sở",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
];

const LAWS: &[&str] = &[
    "Luật Hộ tịch 2014",
    "Luật Xây dựng 2014 (sửa đổi 2020)",
    "Luật Đất đai 2024",
    "Luật Cư trú 2020",
    "Luật Dược 2016",
    "Luật Bảo vệ môi trường 2020",
    "Luật Doanh nghiệp 2020",
    "Luật Giao dịch điện tử 2023",
];

const DECREES: &[&str] = &[
    "Nghị định 61/2018/NĐ-CP",
    "Nghị định 45/2020/NĐ-CP",
    "Nghị định 107/2021/NĐ-CP",
    "Nghị định 123/2015/NĐ-CP",
    "Nghị định 63/2024/NĐ-CP",
    "Nghị định 118/2025/NĐ-CP",
];

const PROVISIONS: &[&str] = &[
    "Điều 5 Nghị định 70/2024/NĐ-CP (thu nhận vân tay, ảnh chân dung)",
    "Khoản 2 Điều 10 Nghị định 45/2020/NĐ-CP",
    "Điều 14 Nghị định 224/2026/NĐ-CP (xác minh tại hiện trường)",
    "Khoản 3 Điều 6 Nghị định 23/2015/NĐ-CP (xuất trình bản chính)",
];

const FEES: &[u64] = &[
    10_000, 20_000, 30_000, 50_000, 100_000, 150_000, 200_000, 500_000, 1_000_000,
];

const APPLICANTS: &[&str] = &[
    "Công dân",
    "Tổ chức, cá nhân đề nghị",
    "Chủ đầu tư",
    "Người yêu cầu",
    "Doanh nghiệp",
    "Chủ hộ kinh doanh",
    "Người đi đăng ký",
];

const ONE_STOP: &[&str] = &[
    "Bộ phận Một cửa UBND cấp xã",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Bộ phận tiếp nhận và trả kết quả của Sở",
];

const OFFICIALS: &[&str] = &[
    "Chuyên viên thụ lý hồ sơ",
    "Lãnh đạo phòng chuyên môn",
    "Lãnh đạo Sở",
    "Chủ tịch UBND cấp xã",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng",
    "Kế toán thu phí",
];

const OTHER_AGENCIES: &[&str] = &[
    "Cơ quan thuế",
    "Công an tỉnh",
    "Văn phòng đăng ký đất đai",
    "Bảo hiểm xã hội cơ sở",
    "Sở Tài chính",
];

const PROVIDERS: &[&str] = &[
    "Bưu điện (dịch vụ bưu chính công ích)",
    "Ngân hàng thương mại",
    "Đơn vị đo đạc bản đồ",
];

const DOCUMENTS: &[(&str, &str)] = &[
    ("don", "Đơn đề nghị theo mẫu"),
    ("to_khai", "Tờ khai"),
    ("gcn_qsdd", "Bản sao Giấy chứng nhận quyền sử dụng đất"),
    ("ban_ve", "Bản vẽ thiết kế xây dựng"),
    ("gksk", "Giấy chứng nhận sức khỏe"),
    ("anh", "Ảnh chân dung 4x6 cm"),
    ("cccd", "Căn cước công dân"),
    ("xn_hon_nhan", "Giấy xác nhận tình trạng hôn nhân"),
    ("hop_dong", "Hợp đồng thuê nhà có công chứng"),
    ("dtm", "Báo cáo đánh giá tác động môi trường"),
    ("chung_chi", "Chứng chỉ hành nghề"),
    ("bien_lai", "Biên lai nộp lệ phí"),
    ("giay_uy_quyen", "Văn bản ủy quyền"),
];

const DATABASES: &[&str] = &[
    "CSDL quốc gia về dân cư",
    "CSDL hộ tịch điện tử",
    "CSDL quốc gia về đất đai",
    "CSDL quốc gia về đăng ký doanh nghiệp",
    "CSDL quốc gia về bảo hiểm",
];

const SUBMIT_NAMES: &[&str] = &[
    "Nộp hồ sơ",
    "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
    "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa",
    "Gửi hồ sơ qua dịch vụ bưu chính công ích",
];

const PROCESS_NAMES: &[&str] = &[
    "Thẩm định hồ sơ",
    "Xem xét, xử lý hồ sơ",
    "Dự thảo kết quả giải quyết",
    "Ghi sổ, cập nhật cơ sở dữ liệu",
    "Lập tờ trình",
];

const VERIFY_NAMES: &[&str] = &[
    "Kiểm tra thực địa",
    "Xác minh thông tin",
    "Đối chiếu với cơ sở dữ liệu",
    "Thẩm tra điều kiện cơ sở",
];

const CONSULT_NAMES: &[&str] = &[
    "Lấy ý kiến cơ quan liên quan",
    "Gửi văn bản hỏi ý kiến Sở chuyên ngành",
    "Xin ý kiến cơ quan thuế",
];

const APPROVE_NAMES: &[&str] = &[
    "Phê duyệt kết quả",
    "Ký quyết định",
    "Lãnh đạo xem xét, ký duyệt",
];

const TRANSFER_NAMES: &[&str] = &[
    "Chuyển hồ sơ cho cơ quan có thẩm quyền",
    "Chuyển thông tin sang cơ quan thuế",
    "Luân chuyển hồ sơ giấy",
];

const PAY_NAMES: &[&str] = &[
    "Nộp phí, lệ phí",
    "Thanh toán lệ phí trực tuyến",
    "Nộp tiền tại ngân hàng",
];

const APPEAR_NAMES: &[&str] = &[
    "Có mặt để thu nhận vân tay, chụp ảnh",
    "Có mặt để ký trước mặt cán bộ",
    "Phỏng vấn trực tiếp",
    "Xuất trình bản chính để đối chiếu",
];

const ISSUE_NAMES: &[&str] = &[
    "Cấp kết quả giải quyết",
    "Ban hành quyết định",
    "In, cấp giấy chứng nhận",
];

const RETURN_NAMES: &[&str] = &[
    "Trả kết quả",
    "Trả kết quả qua Cổng Dịch vụ công",
    "Trả kết quả tại Bộ phận Một cửa",
    "Gửi kết quả qua bưu chính công ích",
];

const BRANCH_LABELS: &[&str] = &[
    "Hồ sơ đủ điều kiện",
    "Hồ sơ cần xác minh",
    "Trường hợp đặc biệt",
];

const LINK_LABELS: &[&str] = &[
    "Chuyển thông tin kết quả",
    "Chuyển hồ sơ điện tử",
    "Gửi văn bản đề nghị phối hợp",
];

const GROUP_THEMES: &[&str] = &[
    "đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế",
    "đăng ký khai tử, xóa thường trú, trợ cấp mai táng",
    "đăng ký doanh nghiệp và mã số thuế",
    "cấp phép xây dựng và đấu nối hạ tầng",
    "chuyển nhượng quyền sử dụng đất và nghĩa vụ tài chính",
];
