//! The parties of a document: the states it is between, and an organisation the title pairs
//! with one of them.
//!
//! Rules:
//! - `parties.signatories`: the countries of the signatories (a communiqué's signing states);
//! - `parties.title`: the states named in the title before `关于` (`中华人民共和国和阿拉伯联合酋长国
//!   关于…的联合声明`), or anywhere in a title that opens with `关于`, and an organisation joined
//!   to one of them by a dash or a conjunction (`中国—东盟领导人会议`); added to those of the
//!   signatories. A copy without its title line has the title its lead names
//!   (`metadata.lead-title`);
//! - `parties.title-pair`, where the title names fewer than two states by name: 中 and a state's
//!   one-character pair form beside it, in either order (`dg:pairForm`: `中柬两国联合声明`,
//!   `中韩联合公报`, `美中联合声明`);
//! - `parties.lead`, where the rules above found fewer than two: the states named in a news lead
//!   under the title before the day it says the document was issued (`metadata.lead-issued`:
//!   `…电中华人民共和国和尼日利亚联邦共和国15日在阿布贾发表了联合公报`), at least two;
//! - `parties.participants`, where the rules above found fewer than two: a list of three or more
//!   states (and the international organisations listed among them, `东盟、澳大利亚、…`), joined
//!   only by `、` and conjunctions and followed by what makes them participants
//!   (`party.participants-after`: `代表团`, `领导人`, `六方`…), in the first paragraphs of the body
//!   (`中华人民共和国、日本国、大韩民国…和美利坚合众国六方代表团`): the participants of
//!   multilateral talks; or such a list that opens a paragraph as the subject of a stance verb
//!   (`中华人民共和国，法兰西共和国，…和美利坚合众国认为…`), or follows the date it opens with as
//!   the subject of holding a meeting (`2004年2月25日至28日，中华人民共和国、…在北京举行了…`,
//!   pattern `event.held-dated-object`); or, in a paragraph that lists the heads of delegation
//!   (`party.delegation-list`), items separated by `、`, a comma or a conjunction that each open
//!   with a state's name (`中国外交部副部长王毅、朝鲜外务省副相金桂冠、…`; the chair's after `由`:
//!   `会议由中国外交部长王毅主持，…`); a group's member states named before the list in its
//!   paragraph are participants too (`东盟成员国以及中华人民共和国、日本国和大韩民国的国家元首`), and
//!   so are the states a clause names before it hosts the meeting (`event.held-object`:
//!   `中华人民共和国主席…、南非共和国总统…于2023年8月24日在约翰内斯堡共同主持…`).
//!   Paragraphs of page furniture (`layout.furniture`), a database record's fields
//!   (`layout.record-field`: `[地点] 菲律宾宿务`), lines without Chinese (a translation beside
//!   each line), date lines and a section's heading alone (`一、序言`) are passed over;
//! - `parties.members`, where the rules above found fewer than two: the members of a group of
//!   states the document speaks for as its member states (`上海合作组织成员国元首理事会…声明`, or
//!   `值此上海合作组织成立20周年之际，成员国：`, `party.members-alone`), on the document's date
//!   (`ontology/memberships.tsv`; see [`group_members`]);
//! - `parties.group`, where none of the above found any: such a group whose members
//!   `ontology/memberships.tsv` does not list (`我们，亚洲相互协作与信任措施会议成员国外长`), itself;
//! - `parties.party-forms`, where none of the above found any: the states the document calls
//!   "X方" (`中方`, `越方`) and also names otherwise, when there are exactly two (a bilateral
//!   statement without its title).
//!
//! Cost: linear in the length of the document.

use super::bodies::states_in;
use super::mentions::resolved_names;
use super::metadata::{issuing_leads, lead_title};
use super::signatures::signature_lines;
use super::text::clause_start;
use super::{Context, Extractor, Fact, Record};
use crate::lang::reference::NameKind;
use crate::rdf::vocab::dg;
use crate::text::document::Document;
use std::collections::{BTreeMap, BTreeSet};

/// See the module documentation.
pub struct PartyExtractor;

/// The parties of a document: the rule that found them, and each state (reference index) with
/// where it was read.
pub fn document_parties(
    document: &Document,
    context: &Context<'_>,
) -> (&'static str, BTreeMap<usize, std::ops::Range<usize>>) {
    let is_state = |index: usize| context.reference.entities[index].class.as_ref() == dg::STATE;
    // (state, first byte range) in text order.
    let mut found: BTreeMap<usize, std::ops::Range<usize>> = BTreeMap::new();
    let mut rule = "parties.signatories";
    for line in signature_lines(document, context) {
        found.entry(line.country).or_insert(line.range);
    }
    // The title lines, or in a copy without them the title its lead names (`metadata.lead-title`).
    let title = if document.title_paragraphs > 0 {
        let paragraphs: Vec<_> = document.paragraphs().collect();
        Some(paragraphs[0].start..paragraphs[document.title_paragraphs - 1].end)
    } else {
        lead_title(document, context).map(|(title, _)| title)
    };
    if let Some(title) = title {
        if found.is_empty() {
            rule = "parties.title";
        }
        let text = document.slice(title.clone());
        let before = text.find("关于").unwrap_or(text.len());
        let mut scope = &text[..before];
        let mut named = states_in(scope, context);
        if named.is_empty() {
            // `关于中华人民共和国政府和新西兰政府建立外交关系的联合公报`: the title opens with 关于.
            scope = text;
            named = states_in(scope, context);
        }
        if named.len() < 2 {
            // `中柬两国联合声明`: 中 and a state's pair form.
            let pair = title_pair(text, context);
            if !pair.is_empty() {
                if found.is_empty() {
                    rule = "parties.title-pair";
                }
                scope = text;
                named = pair;
            }
        }
        // An organisation joined to a named state (`中国—东盟领导人会议`, `中国和欧盟`).
        let organisations = organisations_joined(scope, &named, context);
        for (range, state) in named.into_iter().chain(organisations) {
            found
                .entry(state)
                .or_insert(title.start + range.start..title.start + range.end);
        }
    }
    if found.len() < 2 {
        // A news lead that says who issued the document (`新华社阿布贾4月15日电中华人民共和国和
        // 尼日利亚联邦共和国15日在阿布贾发表了联合公报`): the states named before the day.
        let dateline = context.patterns.get("metadata.dateline-lead");
        let leads = issuing_leads(document, context).find_map(|(range, captures)| {
            let text = document.slice(range.clone());
            let at = captures.get(0).expect("group 0").start();
            // The subject starts after the agency's dateline, where there is one
            // (`metadata.dateline-lead`).
            let from = dateline
                .captures(&text[..at])
                .and_then(|captures| captures.name("line"))
                .map_or(0, |line| line.end());
            let named = states_in(&text[from..at], context);
            (named.len() >= 2).then(|| (range.start + from, named))
        });
        if let Some((start, named)) = leads {
            rule = "parties.lead";
            found = named
                .into_iter()
                .map(|(range, state)| (state, start + range.start..start + range.end))
                .collect();
        }
    }
    if found.len() < 2 {
        let furniture = context.patterns.get("layout.furniture");
        let field = context.patterns.get("layout.record-field");
        let section = context.patterns.get("structure.section");
        // Not counted: a line without Chinese (a translation beside each line), a date line, or
        // a section's heading alone (`一、序言`).
        let body: Vec<_> = document
            .paragraphs()
            .skip(document.title_paragraphs)
            .filter(|range| {
                let text = document.slice(range.clone());
                let heading = section.is_match(text) && !text.contains(['，', '。']);
                !furniture.is_match(text)
                    && !field.is_match(text)
                    && text.chars().any(crate::text::normalize::is_cjk_ideograph)
                    && !crate::text::document::is_closing_line(text, context.patterns)
                    && !heading
            })
            .take(4)
            .collect();
        for range in body {
            let text = document.slice(range.clone());
            let mut list = longest_state_list(text, context);
            if list.len() < 3 && context.patterns.get("party.delegation-list").is_match(text) {
                list = delegation_heads(text, context);
            }
            let participants = context.patterns.get("party.participants-after");
            // The list opens the paragraph and speaks (`中华人民共和国，法兰西共和国…和美利坚合众国
            // 认为…`): the states whose statement this is.
            let speaks = |end: usize| {
                list.first().is_some_and(|(first, _)| first.start == 0)
                    && context
                        .triggers
                        .prefix(crate::lang::triggers::Category::Stance, &text[end..])
                        .is_some()
            };
            // The list follows the date the paragraph opens with and holds the meeting
            // (`2004年2月25日至28日，中华人民共和国、…和美利坚合众国在北京举行了第二轮六方会谈`).
            let held_at = context
                .patterns
                .get("event.held-dated-object")
                .captures(text)
                .and_then(|captures| captures.name("place"))
                .map(|place| place.start() - '在'.len_utf8());
            let holds = |end: usize| held_at == Some(end);
            let named_as_participants = list.last().is_some_and(|(last, _)| {
                participants.is_match(&text[last.end..])
                    || context.patterns.get("party.delegation-list").is_match(text)
                    || speaks(last.end)
                    || holds(last.end)
            });
            if list.len() >= 3 && named_as_participants {
                rule = "parties.participants";
                found = list
                    .into_iter()
                    .map(|(r, state)| (state, range.start + r.start..range.start + r.end))
                    .collect();
                break;
            }
        }
    }
    // Participants listed after a group's member states (`我们，东盟成员国以及中华人民共和国、日本国和
    // 大韩民国的国家元首…`): the members are participants too.
    if rule == "parties.participants" {
        if let Some(members) = group_members(document, context) {
            let paragraph_of = |at: usize| {
                document
                    .paragraphs()
                    .find(|paragraph| paragraph.contains(&at))
                    .map(|paragraph| paragraph.start)
            };
            let group_at = members.values().next().map(|range| range.start);
            let first_listed = found.values().map(|range| range.start).min();
            let before_in_paragraph = group_at.zip(first_listed).is_some_and(|(group, first)| {
                group < first && paragraph_of(group) == paragraph_of(first)
            });
            if before_in_paragraph {
                for (member, range) in members {
                    found.entry(member).or_insert(range);
                }
            }
        }
    }
    // The hosts of the meeting the participants attend (`中华人民共和国主席…、南非共和国总统…于2023年
    // 8月24日在约翰内斯堡共同主持中非领导人对话会`): the states its clause names before it.
    if rule == "parties.participants" {
        let held = context.patterns.get("event.held-object");
        let hosted = document
            .paragraphs()
            .skip(document.title_paragraphs)
            .take(4)
            .find_map(|range| {
                let text = document.slice(range.clone());
                let at = held.find(text)?.start();
                Some(range.start + clause_start(text, at)..range.start + at)
            });
        if let Some(hosts) = hosted {
            for (range, entity, _) in resolved_names(document, context) {
                if hosts.start <= range.start && range.end <= hosts.end && is_state(*entity) {
                    found.entry(*entity).or_insert(range.clone());
                }
            }
        }
    }
    if found.len() < 2 {
        if let Some(members) = group_members(document, context) {
            rule = "parties.members";
            found = members;
        } else if let (true, Some((group, range))) =
            (found.is_empty(), named_group(document, context))
        {
            rule = "parties.group";
            found = BTreeMap::from([(group, range)]);
        }
    }
    if found.is_empty() {
        rule = "parties.party-forms";
        let mut by_form: BTreeMap<usize, std::ops::Range<usize>> = BTreeMap::new();
        for (range, entity, kind) in resolved_names(document, context) {
            if *kind == NameKind::PartyForm && is_state(*entity) {
                by_form.entry(*entity).or_insert(range.clone());
            }
        }
        if by_form.len() == 2 {
            found = by_form;
        }
    }
    (rule, found)
}

/// The members of a group of states the document speaks for without naming them
/// (`parties.members`): a group of `ontology/memberships.tsv` named as its member states
/// (`party.members-of`: `上海合作组织成员国元首理事会…声明`, `我们，上海合作组织成员国领导人`) in the
/// title or the first two paragraphs of the body, and its members on the latest date the text
/// writes (`party.written-date`; a year alone stands for its last day; none, for today). Each
/// member is read where the group is named.
fn group_members(
    document: &Document,
    context: &Context<'_>,
) -> Option<BTreeMap<usize, std::ops::Range<usize>>> {
    let memberships = &context.reference.memberships;
    let (group, range) = speaking_group(document, context, |group| {
        memberships.members_on(group, None).is_some()
    })?;
    // (full date?, ISO date) of each date written: the latest full date wins over any year.
    let date = context
        .patterns
        .get("party.written-date")
        .captures_iter(document.text())
        .filter_map(|captures| {
            let year = &captures["year"];
            match (captures.name("month"), captures.name("day")) {
                (Some(month), Some(day)) => {
                    let (month, day) = (month.as_str().parse().ok()?, day.as_str().parse().ok()?);
                    let date = super::Date::from_parts(year.parse().ok()?, month, day)?;
                    Some((true, date.iso()))
                }
                _ => Some((false, format!("{year}-12-31"))),
            }
        })
        .max()
        .map(|(_, date)| date);
    let members = memberships.members_on(group, date.as_deref())?;
    (members.len() >= 2).then(|| {
        members
            .into_iter()
            .map(|member| (member, range.clone()))
            .collect()
    })
}

/// Where the title and the first two paragraphs of the body end, page furniture (`来源：…`,
/// `发布时间：…`) not counted: the opening, where a group is named as the one speaking.
fn opening_end(document: &Document, context: &Context<'_>) -> Option<usize> {
    let furniture = context.patterns.get("layout.furniture");
    let title = document.paragraphs().take(document.title_paragraphs);
    let body = document
        .paragraphs()
        .skip(document.title_paragraphs)
        .filter(|range| !furniture.is_match(document.slice(range.clone())))
        .take(2);
    Some(title.chain(body).last()?.end)
}

/// An international organisation named as its member states (`party.members-of`) in the title or
/// the first two paragraphs of the body (`parties.group`), with where it is named: the party of a
/// text that speaks for a group whose members are not known.
fn named_group(
    document: &Document,
    context: &Context<'_>,
) -> Option<(usize, std::ops::Range<usize>)> {
    speaking_group(document, context, |group| {
        context.reference.entities[group].class.as_ref()
            == crate::rdf::vocab::dg::INTERNATIONAL_ORGANISATION
    })
}

/// The first entity that `accept` takes and the opening names as its member states
/// (`party.members-of`: `上海合作组织成员国`), with where it is named; else the one such entity
/// the opening names, where its sentence makes the member states the subject without naming the
/// group again (`party.members-alone`: `值此上海合作组织成立20周年之际，成员国：`).
fn speaking_group(
    document: &Document,
    context: &Context<'_>,
    accept: impl Fn(usize) -> bool,
) -> Option<(usize, std::ops::Range<usize>)> {
    let end = opening_end(document, context)?;
    let full = &document.normalized.text;
    let members_of = context.patterns.get("party.members-of");
    let names = resolved_names(document, context);
    let opening = || {
        names
            .iter()
            .take_while(|(range, _, _)| range.end <= end)
            .filter(|(_, group, _)| accept(*group))
    };
    if let Some((range, group, _)) =
        opening().find(|(range, _, _)| members_of.is_match(&full[range.end..]))
    {
        return Some((*group, range.clone()));
    }
    let (range, group, _) = opening().next()?;
    let alone = context.patterns.get("party.members-alone");
    let groups: BTreeSet<usize> = opening().map(|(_, group, _)| *group).collect();
    (groups.len() == 1 && alone.is_match(&full[range.end..end])).then(|| (*group, range.clone()))
}

/// China and the state of a pair form beside it in a title (`parties.title-pair`: `中柬两国`, `中韩联合公报`,
/// `美中联合声明`), with their byte ranges in `text`; empty where the title has no such pair or the form
/// is not one state's.
fn title_pair(text: &str, context: &Context<'_>) -> Vec<(std::ops::Range<usize>, usize)> {
    let reference = context.reference;
    let Some(captures) = context.patterns.get("parties.title-pair").captures(text) else {
        return Vec::new();
    };
    // The pair form after 中, or before it (`美中联合声明`).
    let (short, china_at) = match (captures.name("short"), captures.name("short_first")) {
        (Some(short), _) => (short, short.start() - '中'.len_utf8()..short.start()),
        (None, Some(short)) => (short, short.end()..short.end() + '中'.len_utf8()),
        (None, None) => return Vec::new(),
    };
    let china = reference
        .short_forms
        .get("中")
        .filter(|entities| entities.len() == 1);
    let partner = reference
        .pair_forms
        .get(short.as_str())
        .filter(|entities| entities.len() == 1);
    match (china, partner) {
        (Some(china), Some(partner)) => vec![(china_at, china[0]), (short.range(), partner[0])],
        _ => Vec::new(),
    }
}

/// The international organisations of `text` written right next to one of `states`, joined by a
/// dash or a conjunction (`中国—东盟`, `中国和欧盟`): a party beside the state. An organisation
/// named alone (`上海合作组织成员国…`) is where the parties meet, not a party.
fn organisations_joined(
    text: &str,
    states: &[(std::ops::Range<usize>, usize)],
    context: &Context<'_>,
) -> Vec<(std::ops::Range<usize>, usize)> {
    let joined = |left: usize, right: usize| {
        left <= right
            && text[left..right]
                .chars()
                .all(|c| matches!(c, '—' | '－' | '-' | '–' | '和' | '与' | '同'))
            && text[left..right].chars().count() == 1
    };
    context
        .reference
        .find_names(text)
        .into_iter()
        .filter(|name| {
            name.kind == NameKind::Name
                && context.reference.entities[name.entities[0]].class.as_ref()
                    == dg::INTERNATIONAL_ORGANISATION
        })
        .filter(|name| {
            states.iter().any(|(state, _)| {
                joined(state.end, name.range.start) || joined(name.range.end, state.start)
            })
        })
        .map(|name| (name.range, name.entities[0]))
        .collect()
}

/// The states of a list of heads of delegation (`各方代表团团长分别为：中国外交部副部长王毅、朝鲜…、
/// 美国…`, or without the colon): the longest run of items separated by `、`, a comma or a
/// conjunction before a state (`…首相安倍晋三和大韩民国总统…`) that each open with a state's name
/// (after `由` for the one who chairs: `会议由中国外交部长王毅主持，…`, `party.chair-lead`), or
/// that name a role before the next one (`…阁下，非洲联盟轮值主席、科摩罗联盟总统…阁下，`).
fn delegation_heads(text: &str, context: &Context<'_>) -> Vec<(std::ops::Range<usize>, usize)> {
    let states = states_in(text, context);
    let chair = context.patterns.get("party.chair-lead");
    // Where a lead opens the list (`分别为`, `出席对话会的有`): the ends of `party.list-opens`.
    let list_opens: BTreeSet<usize> = context
        .patterns
        .get("party.list-opens")
        .find_iter(text)
        .map(|found| found.end())
        .collect();
    let mut best: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut run: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut item_start = 0;
    for (offset, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '、')))
    {
        // Items are separated by `、` (or a comma, or a conjunction before a state: `…首相安倍晋三
        // 和大韩民国总统卢武铉`); the list opens after a colon, a comma or a lead
        // (`party.list-opens`: `各代表团团长分别为中国外交部副部长王毅、…`, `出席对话会的有…`;
        // `2023年5月18日至19日，中华人民共和国主席习近平、…`).
        let opens_list = list_opens.contains(&(offset + c.len_utf8()));
        let conjunction = matches!(c, '和' | '及' | '与')
            && states
                .iter()
                .any(|(range, _)| range.start == offset + c.len_utf8());
        if !matches!(c, '、' | '，' | ',' | '：' | ':' | '；' | '。') && !opens_list && !conjunction
        {
            continue;
        }
        // The item of the head who chairs opens with `由` (`会议由中国外交部长王毅主持`).
        let head_start = chair
            .find(&text[item_start..offset])
            .map_or(item_start, |found| item_start + found.end());
        let opening = states
            .iter()
            .find(|(range, _)| range.start == head_start)
            .filter(|(_, state)| !run.iter().any(|(_, s)| s == state));
        match opening {
            Some(found) if c != '：' && c != ':' => run.push(found.clone()),
            // A role before the next head (`…阁下，非洲联盟轮值主席、科摩罗联盟总统…`).
            None if c == '、' && !run.is_empty() => {}
            _ => run.clear(),
        }
        if run.len() > best.len() {
            best = run.clone();
        }
        if !matches!(c, '、' | '，' | ',' | '和' | '及' | '与') {
            run.clear();
        }
        item_start = offset + c.len_utf8();
    }
    best
}

/// The longest run of state names in `text` joined only by `、`, `，` and conjunctions, with the
/// international organisations listed among them.
fn longest_state_list(text: &str, context: &Context<'_>) -> Vec<(std::ops::Range<usize>, usize)> {
    // States, and the international organisations listed among them (`东盟、澳大利亚、中华人民共和国
    // …的国家元首`): at least two of the list must be states.
    let class = |entity: usize| context.reference.entities[entity].class.as_ref();
    let states: Vec<(std::ops::Range<usize>, usize)> = context
        .reference
        .find_names(text)
        .into_iter()
        .filter(|name| {
            name.kind == NameKind::Name
                && matches!(class(name.entities[0]), c if c == dg::STATE || c == dg::INTERNATIONAL_ORGANISATION)
        })
        .map(|name| (name.range, name.entities[0]))
        .collect();
    let state_count = |run: &[(std::ops::Range<usize>, usize)]| {
        run.iter().filter(|(_, e)| class(*e) == dg::STATE).count()
    };
    let joins = |gap: &str| {
        let gap = gap.trim_matches(|c| matches!(c, '、' | '，' | ' '));
        gap.is_empty()
            || context
                .triggers
                .words(crate::lang::triggers::Category::Conjunction)
                .iter()
                .any(|word| word.word == gap)
    };
    let mut best: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut run: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    for (range, state) in states {
        let joined = run.last().is_some_and(|(last, _)| {
            last.end <= range.start && joins(&text[last.end..range.start])
        });
        if !joined {
            run.clear();
        }
        if !run.iter().any(|(_, s)| *s == state) {
            run.push((range, state));
        }
        if run.len() > best.len() && state_count(&run) >= 2 {
            best = run.clone();
        }
    }
    best
}

impl Extractor for PartyExtractor {
    fn name(&self) -> &'static str {
        "parties"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["party"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let (rule, found) = document_parties(document, context);
        found
            .into_iter()
            .map(|(state, range)| {
                Record::new(
                    document,
                    range,
                    rule,
                    Fact::Party {
                        state: context.reference.entities[state].iri.as_str().to_owned(),
                    },
                )
            })
            .collect()
    }
}
