//! Meetings and other events with their dates and place, read from the parenthesis that follows
//! their name: `上合组织成员国农业部长会议（2022年7月25日，塔什干）`.
//!
//! Rules:
//! - `events.dated-name`: a parenthesis of a date or date range, optionally with a place or an
//!   online word (`视频方式`), pattern `event.parenthesis`, after text that ends (allowing an
//!   `event-after` word such as `成果`) with an event head word (`会议`, `论坛`…). Ranges carry the
//!   year and month over (`8月3日至4日`, `5月31日至6月2日`).
//! - The name runs back to the start of its clause, a list separator or bracket, or the last
//!   `name-boundary` word (`注意到`…). A list joined by conjunctions (`A论坛和B会议（…）`) gives one
//!   event per item that ends with an event head, all sharing the parenthesis; a conjunction inside
//!   a name (`文化和旅游部长会议`) stays, because its left part is not an event. An aside in a name
//!   (`event.name-aside`) does not end it: a short word stays (`政府首脑（总理）理事会`), an
//!   abbreviation it defines is left out (`上海合作组织（以下简称“上合组织”）成员国…`).
//! - A place written after its state (`韩国首都首尔`, `中国海南省三亚市`) is the city as written
//!   there ([`Place::within`]).
//! - Ordinals (`第九次`) are read with `event.ordinal`; a fully quoted name loses its quotes.
//! - `events.held`: an event name followed by when (a date or range) and where it was held
//!   (pattern `event.held`: `第四轮六方会谈于2005年7月26日至8月7日在北京举行`), or a sentence that
//!   opens with the date (`event.held-dated-sentence`: `2000年10月10日至12日，…部长级会议在北京
//!   举行`), or one whose participants held it there or by video (`event.held-dated-object`:
//!   `2004年6月23日至26日，中华人民共和国、…在北京举行了第三轮六方会谈`, `…出席在宿务举行的…`,
//!   `…通过视频方式举行首次外长会`), or one convened further on in such a sentence
//!   (`event.held-dated-convened`: `2023年5月8日，…举行会谈，并共同主持召开…委员会首次全会`), or one
//!   its participants hosted or attended, or that was
//!   held on those days there (`event.held-object`: `…于2023年8月24日在约翰内斯堡共同主持中非
//!   领导人对话会`, `出席于10月17日至18日在北京举行的第三届“一带一路”…论坛`), or a
//!   meeting named with its date and
//!   `上` (`event.dated-at`: `在2006年5月24日安全理事会第5444次会议上`); the name is read as for a
//!   parenthesis, or is what follows the verb or the date. A sentence that opens with the date may
//!   leave the place out (`2025年3月14日，中俄伊北京会晤成功举行`). A date without its year
//!   (`于7月26日至8月7日`) takes that of the last full date before it in the document
//!   (`event.full-date`), else of the first after it.
//! - `events.announced`: an event announced for a year (pattern `event.announced`):
//!   `2023年在撒马尔罕举行特区负责人会议`, named after `举行`/`举办` (up to `的`), or, when nothing
//!   follows, before `将于` (`下次会议将于2023年在吉尔吉斯共和国举行`). The place may be a
//!   one-character short form resolved in context (`在乌举行`).
//! - A dated event whose text gives no place is held in the city its name holds right before its
//!   head word (`中俄伊北京会晤`, `万隆会议`: [`city_before_head`]).
//! - A name that only says what kind of meeting it was (`双边会谈`, `event-generic`) is none; nor
//!   is one that says how long it lasted (`event.how-long`: `举行了约两个半小时的团长会`), nor one
//!   that counts several (`event.counted`: `两轮六方会谈`; `第二轮六方会谈` is one), nor one that
//!   describes them (`event.described`: `形式多样的系列纪念活动`), nor a head word alone (`对话会`).
//! - `events.named`: names right after an `event-verb` (`举办`, `出席`…, also `举行的`): each item of
//!   a list must end with an event head; a name followed by a dated parenthesis is left to
//!   `events.dated-name`, one after `YEAR年在…` to `events.announced`, one inside a title or holding
//!   another event verb is left out. A date and a known place right before the verb
//!   (`2019年6月18日在阿布扎比举办`) are its date and place; `由X和Y共同举行的` names its
//!   organising bodies. An event the reference data knows (`中国国际进口博览会`) is that entity.
//!
//! Cost: linear in the length of each sentence.

use super::text::{clause_start, group_number, inside_brackets, matching_close, numeral};
use super::{Context, Date, Extractor, Fact, Place, Record};
use crate::lang::triggers::Category;
use crate::text::document::{Document, PartKind};

/// See the module documentation.
pub struct EventExtractor;

const RULE: &str = "events.dated-name";
const ANNOUNCED: &str = "events.announced";
const NAMED: &str = "events.named";
const HELD: &str = "events.held";

impl Extractor for EventExtractor {
    fn name(&self) -> &'static str {
        "events"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["event"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let mut records = Vec::new();
        for (_, sentence) in document.parts_of(PartKind::Sentence) {
            let text = document.slice(sentence.range.clone());
            let mut at = 0;
            while let Some(offset) = text[at..].find('（') {
                let open = at + offset;
                at = open + '（'.len_utf8();
                let Some(close) = matching_close(text, open) else {
                    continue;
                };
                let content = &text[open + '（'.len_utf8()..close - '）'.len_utf8()];
                let Some(when) = parse_parenthesis(content, context) else {
                    continue;
                };
                for (range, name, class) in names_before(text, open, context) {
                    let range =
                        sentence.range.start + range.start..sentence.range.start + range.end;
                    records.push(dated_event(
                        document, context, range, name, class, &when, RULE,
                    ));
                }
            }
        }
        let held = held(document, context);
        // A name after an event verb where `events.held` dated one is that event, not another
        // (also where the dated name left out an abbreviation the text defines).
        let named: Vec<Record> = named(document, context)
            .into_iter()
            .filter(|record| {
                !held
                    .iter()
                    .any(|dated| dated.at.start < record.at.end && record.at.start < dated.at.end)
            })
            .collect();
        records.extend(held);
        records.extend(announced(document, context));
        records.extend(named);
        records
    }
}

/// Events whose name is followed by when and where they were held; see the module documentation.
fn held(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let mut records = Vec::new();
    let pattern = context.patterns.get("event.held");
    let opening = context.patterns.get("event.held-dated-sentence");
    for (_, sentence) in document.parts_of(PartKind::Sentence) {
        let text = document.slice(sentence.range.clone());
        let year = || year_near(document, sentence.range.start, context);
        // `NAME于DATE在PLACE举行`: the name ends where the date begins.
        let after_name = pattern
            .captures_iter(text)
            .map(|captures| (captures.get(0).expect("group 0").start(), captures));
        // `DATE，NAME在PLACE举行`: the name ends where `在` begins.
        let before_name = opening
            .captures_iter(text)
            .filter_map(|captures| Some((captures.name("name")?.end(), captures)));
        // `DATE，PARTIES在PLACE举行了NAME`: the name follows the verb.
        // `在DATE NAME上`: a dated meeting at which something was said.
        let dated_at = context.patterns.get("event.dated-at").captures_iter(text);
        // `…于DATE在PLACE共同主持NAME`: the name follows the verb, an abbreviation it defines
        // (`（以下简称…）`) left out.
        let hosted = context
            .patterns
            .get("event.held-object")
            .captures_iter(text);
        // `DATE，…，并共同主持召开NAME`: the name follows `召开` further on.
        let convened = context
            .patterns
            .get("event.held-dated-convened")
            .captures_iter(text);
        let object = context
            .patterns
            .get("event.held-dated-object")
            .captures_iter(text)
            .chain(convened)
            .chain(dated_at)
            .chain(hosted)
            .filter_map(|captures| {
                let name = captures.name("name")?;
                let class = event_class(name.as_str(), context)?;
                Some((name.range(), class, captures))
            })
            .collect::<Vec<_>>();
        let found = after_name
            .chain(before_name)
            .map(|(at, captures)| (None, at, captures))
            .chain(
                object
                    .into_iter()
                    .map(|(range, class, captures)| (Some((range, class)), 0, captures)),
            );
        for (named, at, captures) in found {
            let default_year = if captures.name("year").is_some() {
                None
            } else {
                year()
            };
            let Some(when) = when_from(&captures, context, default_year) else {
                continue;
            };
            let names = match named {
                Some((range, class)) => {
                    vec![(range.clone(), without_aside(&text[range], context), class)]
                }
                None => names_before(text, at, context),
            };
            for (range, name, class) in names {
                if is_generic(&name, context) {
                    continue;
                }
                let range = sentence.range.start + range.start..sentence.range.start + range.end;
                records.push(dated_event(
                    document, context, range, name, class, &when, HELD,
                ));
            }
        }
    }
    records
}

/// A name without an abbreviation it defines (`event.name-aside`: `…论坛（以下简称“中拉论坛”）
/// 第四届部长级会议` → `…论坛第四届部长级会议`).
fn without_aside(name: &str, context: &Context<'_>) -> String {
    let aside = context.patterns.get("event.name-aside");
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('（') {
        out.push_str(&rest[..open]);
        match aside.captures(&rest[open..]) {
            Some(captures) if captures.name("abbreviation").is_some() => {
                rest = &rest[open + captures.get(0).expect("group 0").end()..];
            }
            _ => {
                out.push('（');
                rest = &rest[open + '（'.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// True for a word that names a kind of meeting rather than a meeting (`双边会谈`): a name of
/// `event-generic`, a head word alone (`对话会`, a meeting named before told again), one that
/// counts meetings (`event.counted`: `两轮六方会谈`), or one that describes them
/// (`event.described`: `形式多样的系列纪念活动`).
pub fn is_generic(name: &str, context: &Context<'_>) -> bool {
    [Category::EventGeneric, Category::EventHead]
        .into_iter()
        .any(|category| {
            context
                .triggers
                .words(category)
                .iter()
                .any(|word| word.word == name)
        })
        || context.patterns.get("event.counted").is_match(name)
        || context.patterns.get("event.described").is_match(name)
}

/// The year of a date written without one: that of the last full date before `offset` in the
/// document, else of the first after it (a closing line).
fn year_near(document: &Document, offset: usize, context: &Context<'_>) -> Option<u32> {
    let pattern = context.patterns.get("event.full-date");
    let text = document.slice(document.range.clone());
    let offset = offset.saturating_sub(document.range.start).min(text.len());
    let year = |captures: regex::Captures<'_>| captures["year"].parse::<u32>().ok();
    pattern
        .captures_iter(&text[..offset])
        .last()
        .and_then(year)
        .or_else(|| pattern.captures_iter(&text[offset..]).next().and_then(year))
}

/// Events named right after an event verb; see the module documentation.
fn named(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let mut records = Vec::new();
    let verbs = context.triggers.words(Category::EventVerb);
    for (_, sentence) in document.parts_of(PartKind::Sentence) {
        let base = sentence.range.start;
        let text = document.slice(sentence.range.clone());
        let titles = inside_brackets(text, &[('《', '》')]);
        for verb in verbs {
            for (start, word) in text.match_indices(verb.word.as_str()) {
                if titles[start]
                    || context
                        .patterns
                        .get("event.announced-prefix")
                        .is_match(&text[..start])
                {
                    continue;
                }
                let mut name_start = start + word.len();
                // `举行的…`, `举行了…`
                if let Some(marker) = text[name_start..]
                    .chars()
                    .next()
                    .filter(|c| *c == '的' || *c == '了')
                {
                    name_start += marker.len_utf8();
                }
                let prefix = context
                    .patterns
                    .get("event.named-prefix")
                    .captures(&text[..start]);
                let number = |name: &str| {
                    prefix
                        .as_ref()
                        .and_then(|c| c.name(name))
                        .and_then(|m| m.as_str().parse::<u32>().ok())
                };
                let date = match (number("year"), number("month"), number("day")) {
                    (Some(y), Some(m), Some(d)) => {
                        Date::from_parts(y as i32, m, d).map(|d| d.iso())
                    }
                    _ => None,
                };
                let place = prefix
                    .as_ref()
                    .and_then(|c| c.name("place"))
                    .map(|m| Place::within(m.as_str(), context))
                    // `在访问期间举办`: only a place the reference data knows is a place here.
                    .filter(|place| place.entity.is_some());
                // Held by video (`于…日通过视频举行…`): no place.
                let online = prefix.as_ref().and_then(|c| c.name("online")).is_some();
                let organisers = organisers_before(&text[..name_start], context);
                for item in name_items(text, name_start, context) {
                    let after = &text[item.end..];
                    let dated = after.starts_with('（')
                        && matching_close(text, item.end)
                            .and_then(|close| {
                                parse_parenthesis(
                                    &text[item.end + '（'.len_utf8()..close - '）'.len_utf8()],
                                    context,
                                )
                            })
                            .is_some();
                    // An abbreviation the name defines is left out of it (`…合作（简称“澜湄合作”）第三
                    // 次领导人会议`).
                    let name = without_aside(&text[item.clone()], context);
                    let name = name.as_str();
                    let has_verb = verbs.iter().any(|other| name.contains(other.word.as_str()));
                    if dated
                        || has_verb
                        || name.chars().count() < 3
                        || is_generic(name, context)
                        || context.patterns.get("event.how-long").is_match(name)
                    {
                        continue;
                    }
                    let Some(class) = event_class(name, context) else {
                        continue;
                    };
                    let entity = context
                        .reference
                        .entity_named(name)
                        .filter(|index| {
                            context.reference.entities[*index].class.as_ref()
                                == crate::rdf::vocab::dg::EVENT
                        })
                        .map(|index| context.reference.entities[index].iri.as_str().to_owned());
                    let ordinal = context
                        .patterns
                        .get("event.ordinal")
                        .captures(name)
                        .and_then(|captures| numeral(&captures["ordinal"]));
                    records.push(Record::new(
                        document,
                        base + item.start..base + item.end,
                        NAMED,
                        Fact::Event {
                            entity,
                            name: name.to_owned(),
                            class,
                            start: date.clone(),
                            end: None,
                            place: place.clone(),
                            online,
                            ordinal,
                            organisers: organisers.clone(),
                        },
                    ));
                }
            }
        }
    }
    records
}

/// The names that start at `from`: a run of name characters (Chinese, digits, quotes, dashes, and
/// parentheses followed by more of the name), split at conjunctions whose left part is an event
/// name; an item that does not end with an event head is cut after the last head in it, and the
/// items stop at the first that has none.
fn name_items(text: &str, from: usize, context: &Context<'_>) -> Vec<std::ops::Range<usize>> {
    let mut end = from;
    while end < text.len() {
        let c = text[end..].chars().next().expect("end is inside the text");
        if c == '（' {
            match matching_close(text, end) {
                Some(close)
                    if text[close..]
                        .starts_with(|c: char| crate::text::normalize::is_cjk_ideograph(c)) =>
                {
                    end = close;
                    continue;
                }
                _ => break,
            }
        }
        let name_char = crate::text::normalize::is_cjk_ideograph(c)
            || c.is_ascii_digit()
            || matches!(c, '“' | '”' | '－' | '—' | '-');
        if !name_char || c == '、' {
            break;
        }
        end += c.len_utf8();
    }
    let run = &text[from..end];
    let mut items = Vec::new();
    let mut item_start = 0;
    let mut index = 0;
    while index < run.len() {
        if let Some(conjunction) = context
            .triggers
            .prefix(Category::Conjunction, &run[index..])
        {
            if index > item_start && event_class(&run[item_start..index], context).is_some() {
                items.push(from + item_start..from + index);
                item_start = index + conjunction.word.len();
                index = item_start;
                continue;
            }
        }
        index += run[index..].chars().next().map_or(1, char::len_utf8);
    }
    if item_start < run.len() {
        // Cut the last item after its last event head (`…理事会会议表示感谢`).
        let last = &run[item_start..];
        let cut = last
            .char_indices()
            .map(|(at, c)| at + c.len_utf8())
            .rfind(|at| event_class(&last[..*at], context).is_some());
        if let Some(cut) = cut {
            items.push(from + item_start..from + item_start + cut);
        }
    }
    items
}

/// Government bodies that organised an event: `由X和Y共同举行的`.
fn organisers_before(text: &str, context: &Context<'_>) -> Vec<(String, String, String)> {
    let Some(captures) = context.patterns.get("event.organiser").captures(text) else {
        return Vec::new();
    };
    let organisers = captures
        .name("organisers")
        .expect("checked at load")
        .as_str();
    super::bodies::bodies_in(organisers, context)
}

/// Events announced for a year; see the module documentation.
fn announced(document: &Document, context: &Context<'_>) -> Vec<Record> {
    let names = super::mentions::resolved_names(document, context);
    let pattern = context.patterns.get("event.announced");
    let mut records = Vec::new();
    for (_, sentence) in document.parts_of(PartKind::Sentence) {
        let base = sentence.range.start;
        let text = document.slice(sentence.range.clone());
        for captures in pattern.captures_iter(text) {
            let whole = captures.get(0).expect("a match has group 0");
            let name_match = captures.name("name").expect("checked at load");
            let after = name_match.as_str();
            let after = &after[..after.find('的').unwrap_or(after.len())];
            let (range, name) = if after.is_empty() {
                // The name stands before `将于`.
                let end = if whole.as_str().starts_with("将于") {
                    whole.start()
                } else if text[..whole.start()].ends_with("将于") {
                    whole.start() - "将于".len()
                } else {
                    continue;
                };
                let start = clause_start(text, end);
                (start..end, &text[start..end])
            } else {
                (name_match.start()..name_match.start() + after.len(), after)
            };
            let Some(class) = event_class(name, context) else {
                continue;
            };
            let Ok(year) = captures["year"].parse::<i32>() else {
                continue;
            };
            let place = captures.name("place").expect("checked at load");
            let place_range = base + place.start()..base + place.end();
            let place = super::mentions::names_within(names, place_range.clone())
                .find(|(range, _, _)| *range == place_range)
                .map(|(_, entity, _)| super::Place {
                    name: place.as_str().to_owned(),
                    entity: Some(context.reference.entities[*entity].iri.as_str().to_owned()),
                })
                .unwrap_or_else(|| Place::named(place.as_str(), context.reference));
            let span_range =
                base + range.start.min(whole.start())..base + range.end.max(whole.end());
            records.push(Record::new(
                document,
                span_range,
                ANNOUNCED,
                Fact::Event {
                    name: name.to_owned(),
                    class,
                    start: Some(
                        Date {
                            year,
                            month: None,
                            day: None,
                        }
                        .iso(),
                    ),
                    end: None,
                    place: Some(place),
                    online: false,
                    ordinal: None,
                    entity: None,
                    organisers: Vec::new(),
                },
            ));
        }
    }
    records
}

/// The record of an event named `name` with the dates and place of `when`, read by `rule`.
fn dated_event(
    document: &Document,
    context: &Context<'_>,
    range: std::ops::Range<usize>,
    name: String,
    class: String,
    when: &When,
    rule: &'static str,
) -> Record {
    let ordinal = context
        .patterns
        .get("event.ordinal")
        .captures(&name)
        .and_then(|captures| numeral(&captures["ordinal"]));
    let place = match (&when.place, when.online) {
        (None, false) => city_before_head(&name, context).map(|(_, place)| place),
        (place, _) => place.clone(),
    };
    Record::new(
        document,
        range,
        rule,
        Fact::Event {
            name,
            class,
            start: Some(when.start.clone()),
            end: when.end.clone(),
            place,
            online: when.online,
            ordinal,
            entity: None,
            organisers: Vec::new(),
        },
    )
}

/// The city a meeting's name holds right before its head word (`中俄伊北京会晤`, `万隆会议`,
/// `二十国集团领导人杭州峰会`): where it was held, for an event whose text gives no place.
/// Returns the byte range of the city's name in `name` and the place.
pub(super) fn city_before_head(
    name: &str,
    context: &Context<'_>,
) -> Option<(std::ops::Range<usize>, Place)> {
    let reference = context.reference;
    reference.find_names(name).into_iter().find_map(|found| {
        let entity = *found.entities.first()?;
        let is_city = found.kind == crate::lang::reference::NameKind::Name
            && reference.entities[entity].class.as_ref() == crate::rdf::vocab::dg::CITY;
        let before_head = context
            .triggers
            .prefix(Category::EventHead, &name[found.range.end..])
            .is_some();
        (is_city && before_head).then(|| {
            let place = Place::named(&name[found.range.clone()], reference);
            (found.range, place)
        })
    })
}

struct When {
    start: String,
    end: Option<String>,
    place: Option<Place>,
    online: bool,
}

fn parse_parenthesis(content: &str, context: &Context<'_>) -> Option<When> {
    let captures = context
        .patterns
        .get("event.parenthesis")
        .captures(content)?;
    when_from(&captures, context, None)
}

/// The dates and place of captures with the groups of `event.parenthesis`.
/// `year` stands in for a year the captures lack (`于7月26日至8月7日在北京举行`).
fn when_from(
    captures: &regex::Captures<'_>,
    context: &Context<'_>,
    year: Option<u32>,
) -> Option<When> {
    let number = |name: &str| group_number(captures, name);
    let (year, month, day) = (number("year").or(year)?, number("month")?, number("day")?);
    let start = Date::from_parts(year as i32, month, day)?;
    let end = match number("end_day") {
        Some(end_day) => {
            let end_year = number("end_year").unwrap_or(year);
            let end_month = number("end_month").unwrap_or(month);
            Some(Date::from_parts(end_year as i32, end_month, end_day)?.iso())
        }
        None => None,
    };
    // A place, or the way of an event held by video (`通过视频方式举行`).
    let (place, online) = match captures.name("place").or_else(|| captures.name("online")) {
        Some(place) => {
            let online = context
                .triggers
                .words(Category::Online)
                .iter()
                .any(|word| word.word == place.as_str());
            if online {
                (None, true)
            } else {
                (Some(Place::within(place.as_str(), context)), false)
            }
        }
        None => (None, false),
    };
    Some(When {
        start: start.iso(),
        end,
        place,
        online,
    })
}

/// The event names that end just before the parenthesis at `open`: byte range, name, class.
fn names_before(
    text: &str,
    open: usize,
    context: &Context<'_>,
) -> Vec<(std::ops::Range<usize>, String, String)> {
    let mut end = open;
    if text[..end].ends_with('》') {
        return Vec::new(); // an instrument's parenthesis
    }
    if let Some(after) = context.triggers.suffix(Category::EventAfter, &text[..end]) {
        end -= after.word.len();
    }
    // The region: from the clause start, after the last list separator or bracket, after the
    // last boundary word.
    let clause = clause_start(text, end);
    let mut start = clause;
    // Asides inside a name: a short one is part of it (`政府首脑（总理）理事会`), one that
    // defines an abbreviation is left out of it (`上海合作组织（以下简称“上合组织”）成员国…`).
    let aside = context.patterns.get("event.name-aside");
    let mut left_out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut chars = text[clause..end].char_indices();
    while let Some((index, c)) = chars.next() {
        let at = clause + index;
        let found = (c == '（')
            .then(|| aside.captures(&text[at..end]))
            .flatten()
            .filter(|found| {
                text[at + found[0].len()..end]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            });
        if let Some(found) = found {
            let skip_to = at + found[0].len();
            if found.name("abbreviation").is_some() {
                left_out.push(at..skip_to);
            }
            while chars
                .clone()
                .next()
                .is_some_and(|(next, _)| clause + next < skip_to)
            {
                chars.next();
            }
            continue;
        }
        if matches!(c, '、' | '）' | '》' | '《' | '（') {
            start = at + c.len_utf8();
        }
    }
    if let Some((range, _)) = context
        .triggers
        .last(Category::NameBoundary, &text[start..end])
    {
        start += range.end;
    }
    // Split the region into list items at conjunctions whose left part is an event.
    let region = &text[start..end];
    let mut items = Vec::new();
    let mut item_start = 0;
    let mut index = 0;
    while index < region.len() {
        let rest = &region[index..];
        let conjunction = context.triggers.prefix(Category::Conjunction, rest);
        if let Some(conjunction) = conjunction {
            if index > item_start && event_class(&region[item_start..index], context).is_some() {
                items.push(item_start..index);
                item_start = index + conjunction.word.len();
                index = item_start;
                continue;
            }
        }
        index += rest.chars().next().map_or(1, char::len_utf8);
    }
    items.push(item_start..region.len());
    items
        .into_iter()
        .filter_map(|item| {
            let mut range = start + item.start..start + item.end;
            // Leading conjunctions left over (`）和“…”研讨会`).
            while let Some(conjunction) = context
                .triggers
                .prefix(Category::Conjunction, &text[range.clone()])
            {
                range.start += conjunction.word.len();
            }
            let mut written = String::new();
            let mut from = range.start;
            for cut in left_out.iter().filter(|cut| range.contains(&cut.start)) {
                written.push_str(&text[from..cut.start]);
                from = cut.end;
            }
            written.push_str(&text[from..range.end]);
            let mut name = written.as_str();
            if name.starts_with('“') && name.ends_with('”') && name.matches('“').count() == 1
            {
                name = &name['“'.len_utf8()..name.len() - '”'.len_utf8()];
            }
            let class = event_class(name, context)?;
            (name.chars().count() >= 3).then(|| (range, name.to_owned(), class))
        })
        .collect()
}

/// The class of an event name, from its head word; `None` when it is not an event name.
fn event_class(name: &str, context: &Context<'_>) -> Option<String> {
    context
        .triggers
        .suffix(Category::EventHead, name)
        .and_then(|head| head.value.as_ref())
        .map(|class| class.as_str().to_owned())
}
