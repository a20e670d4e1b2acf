//! The extractors measured against the expected facts written by hand in `tests/expected/facts/`.

use super::*;

/// Runs `diplograph evaluate` and returns (fact type, precision, recall) rows.
fn evaluate() -> Vec<(String, f64, f64)> {
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/facts");
    evaluate_on(&expected, &[&samples()], 3)
}

/// `diplograph evaluate` of the documents in `files` against `expected`, which scores
/// `documents` of them: (fact type, precision, recall) rows.
fn evaluate_on(expected: &Path, files: &[&Path], documents: usize) -> Vec<(String, f64, f64)> {
    let (_, rows, out) = evaluation_of(expected, files);
    assert!(
        out.starts_with(&format!("{documents} document(s) scored")),
        "{out}"
    );
    rows
}

/// `diplograph evaluate` of the documents in `files` against `expected`: how many it scored,
/// the (fact type, precision, recall) rows, and the report as printed.
pub fn evaluation_of(expected: &Path, files: &[&Path]) -> (usize, Vec<(String, f64, f64)>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["evaluate", "--expected", expected.to_str().unwrap()];
    args.extend(files.iter().map(|path| path.to_str().unwrap()));
    let out = ok(dir.path(), &args);
    let documents = out
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    let rows = out
        .lines()
        .skip(3)
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            (
                cells[0].to_owned(),
                cells[4].parse().unwrap(),
                cells[5].parse().unwrap(),
            )
        })
        .collect();
    (documents, rows, out)
}

/// The fact types that measure whether a document was understood.
pub const UNDERSTOOD: [&str; 10] = [
    "date",
    "place",
    "kind",
    "party",
    "instrument",
    "event",
    "visit",
    "signature",
    "statement",
    "proposal",
];

/// The F1 of a precision and a recall (0 where both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// The development corpus (`tests/corpus/`): documents written in the layouts of published copies,
/// with the facts a reader finds in them. Each fact type that measures whether a document was
/// understood (date, place, kind, parties, instruments, dated meetings and visits, signatories,
/// stances, proposals) reaches an F1 of 0.8, and the macro F1 over them 0.9. (Persons the
/// reference data does not know, named without `·`, are not read yet.)
#[test]
fn the_development_corpus_meets_the_targets() {
    meets_the_targets("zh");
}

/// The same documents in Traditional characters (`tests/corpus/zh-hant/`, converted with
/// OpenCC's `s2t`) are read as well: the same expected facts, the same targets.
#[test]
fn the_development_corpus_in_traditional_characters_meets_the_targets() {
    meets_the_targets("zh-hant");
}

fn meets_the_targets(folder: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let rows = evaluate_on(&root.join("expected"), &[&root.join(folder)], 13);
    let scores: Vec<(String, f64)> = rows
        .iter()
        .filter(|(fact_type, _, _)| UNDERSTOOD.contains(&fact_type.as_str()))
        .map(|(fact_type, precision, recall)| (fact_type.clone(), f1(*precision, *recall)))
        .collect();
    for required in [
        "date",
        "place",
        "kind",
        "party",
        "signature",
        "instrument",
        "event",
    ] {
        assert!(
            scores.iter().any(|(fact_type, _)| fact_type == required),
            "{required} is scored: {scores:?}"
        );
    }
    for (fact_type, score) in &scores {
        assert!(
            *score >= 0.8,
            "{folder}: {fact_type}: F1 {score:.2} below 0.8 ({scores:?})"
        );
    }
    let macro_f1 = scores.iter().map(|(_, score)| score).sum::<f64>() / scores.len() as f64;
    assert!(
        macro_f1 >= 0.9,
        "{folder}: macro F1 {macro_f1:.2} ({scores:?})"
    );
}

#[test]
fn evaluation_meets_the_targets() {
    let rows = evaluate();
    let types: Vec<&str> = rows
        .iter()
        .map(|(fact_type, _, _)| fact_type.as_str())
        .collect();
    for required in [
        "instrument",
        "event",
        "proposal",
        "signature",
        "party",
        "date",
        "place",
        "mechanism",
        "statement",
        "person",
        "mention",
        "topic",
    ] {
        assert!(types.contains(&required), "{required} is scored: {types:?}");
    }
    for (fact_type, precision, recall) in &rows {
        assert!(
            *precision >= 0.95,
            "{fact_type}: precision {precision} below 0.95"
        );
        // Every dated instrument with its date and place, every dated meeting, every proposal with
        // its proposer, all eight signatories: nothing expected may be missed.
        if ["instrument", "event", "proposal", "signature"].contains(&fact_type.as_str()) {
            assert!(*recall >= 1.0, "{fact_type}: recall {recall}");
        }
    }
}

/// The mechanism rules on sentences written for this test, not taken from the samples: a list
/// before `等机制`, a generic `机制` after a committee, a body inside a title, and an enumeration
/// whose items share one head word.
#[test]
fn mechanism_rules_read_lists_titles_and_shared_heads() {
    use diplograph::extract::Fact;
    use diplograph::map::mapping::{Iris, DEFAULT_BASE};
    use diplograph::map::pipeline::{DataFiles, Pipeline};
    use diplograph::text::document::Split;
    use diplograph::text::input::SourceText;

    let pipeline =
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
    let text = "双方同意发挥好海关合作委员会、边境联络会晤和警务磋商等机制作用，用好投资合作工作组机制。\
                双方签署了《甲国交通部与乙国交通运输委员会合作协议》。双方支持建立旅游、教育和卫生工作组。";
    let source = SourceText {
        path: "mechanisms.txt".into(),
        file_name: "mechanisms.txt".to_owned(),
        text: text.to_owned(),
        encoding: "UTF-8",
        format: diplograph::text::input::SourceFormat::Text,
    };
    let mut found: Vec<(String, &str)> = pipeline
        .process(source, Split::WholeFile)
        .into_iter()
        .flat_map(|extracted| extracted.records)
        .filter_map(|record| match record.fact {
            Fact::Mechanism { name } => Some((name, record.rule)),
            _ => None,
        })
        .collect();
    found.sort();
    let expected = [
        ("投资合作工作组", "mechanisms.head"),
        ("海关合作委员会", "mechanisms.head"),
        ("警务磋商", "mechanisms.list"),
        ("边境联络会晤", "mechanisms.list"),
    ];
    let mut expected: Vec<(String, &str)> = expected
        .iter()
        .map(|(name, rule)| (name.to_string(), *rule))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// The statement rules on sentences written for this test: a state in a person's designation does
/// not speak, a clause without speakers takes the subject of its sentence, a stance thanked for is
/// not a stance of the document, and what should be done (`应致力于`) is not a commitment.
#[test]
fn statement_rules_find_who_takes_which_stance() {
    use diplograph::extract::Fact;
    use diplograph::map::mapping::{Iris, DEFAULT_BASE};
    use diplograph::map::pipeline::{DataFiles, Pipeline};
    use diplograph::text::document::Split;
    use diplograph::text::input::SourceText;

    let pipeline =
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
    let text = "应中华人民共和国主席习近平邀请，阮富仲访问中国。\n\
                中方高度重视能源合作，愿加强交流。\n\
                越方感谢中方支持越南举办会议。\n\
                中方重申应致力于和平解决争端。";
    let source = SourceText {
        path: "statements.txt".into(),
        file_name: "statements.txt".to_owned(),
        text: text.to_owned(),
        encoding: "UTF-8",
        format: diplograph::text::input::SourceFormat::Text,
    };
    let local = |iri: &str| iri.rsplit(['/', '#']).next().unwrap().to_owned();
    let found: Vec<(Vec<String>, String, String)> = pipeline
        .process(source, Split::WholeFile)
        .into_iter()
        .flat_map(|extracted| extracted.records)
        .filter_map(|record| match record.fact {
            Fact::Statement {
                speakers,
                stance,
                verb,
                ..
            } => Some((
                speakers.iter().map(|s| local(s)).collect(),
                local(&stance),
                verb,
            )),
            _ => None,
        })
        .collect();
    let expected = [
        (vec!["XiJinping"], "Invite", "邀请"),
        (vec!["China"], "Commit", "愿"),
        (vec!["Vietnam"], "Thank", "感谢"),
        (vec!["China"], "Reaffirm", "重申"),
    ];
    let expected: Vec<(Vec<String>, String, String)> = expected
        .iter()
        .map(|(speakers, stance, verb)| {
            (
                speakers.iter().map(|s| s.to_string()).collect(),
                stance.to_string(),
                verb.to_string(),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

/// Persons the reference data does not know, on sentences written for this test: a name written
/// with `·` after its office, a short form with the person's own title that speaks, and the same
/// first part with another office, which is left alone.
#[test]
fn person_rules_read_transliterated_names_and_their_short_forms() {
    use diplograph::extract::Fact;
    use diplograph::map::mapping::{Iris, DEFAULT_BASE};
    use diplograph::map::pipeline::{DataFiles, Pipeline};
    use diplograph::text::document::Split;
    use diplograph::text::input::SourceText;

    let pipeline =
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap()).unwrap();
    let text = "俄罗斯联邦总统弗拉基米尔·普京出席会议。\n\
                普京总统表示支持。\n\
                俄罗斯联邦政府总理普京阁下出席论坛。";
    let source = SourceText {
        path: "persons.txt".into(),
        file_name: "persons.txt".to_owned(),
        text: text.to_owned(),
        encoding: "UTF-8",
        format: diplograph::text::input::SourceFormat::Text,
    };
    let records: Vec<_> = pipeline
        .process(source, Split::WholeFile)
        .into_iter()
        .flat_map(|extracted| extracted.records)
        .collect();
    let persons: Vec<(&str, &str)> = records
        .iter()
        .filter_map(|record| match &record.fact {
            Fact::Person { name, .. } => Some((name.as_str(), record.text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        persons,
        [
            ("弗拉基米尔·普京", "俄罗斯联邦总统弗拉基米尔·普京"),
            ("弗拉基米尔·普京", "普京总统"),
        ]
    );
    let Some(Fact::Person {
        country, offices, ..
    }) = records
        .iter()
        .map(|record| &record.fact)
        .find(|fact| matches!(fact, Fact::Person { .. }))
    else {
        unreachable!()
    };
    assert_eq!(
        country.as_deref(),
        Some("https://w3id.org/diplograph/id/Russia")
    );
    assert_eq!(offices, &["俄罗斯联邦总统".to_owned()]);
    let speakers: Vec<&Vec<String>> = records
        .iter()
        .filter_map(|record| match &record.fact {
            Fact::Statement { persons, .. } => Some(persons),
            _ => None,
        })
        .collect();
    assert_eq!(speakers, [&vec!["弗拉基米尔·普京".to_owned()]]);
}

/// English documents (`tests/corpus/en/` and the English samples in `samples/en/`: joint
/// statements, declarations, communiqués and a chair's statement, 2021–2025, with their expected
/// facts; the G20 declaration among the samples has none and is not scored). English extraction
/// is young: the floors below hold what it reaches, so that a change that loses ground shows.
/// Title, kind, parties and stances' precision are held high; instruments, dates and meetings
/// lower.
#[test]
fn the_english_corpus_holds_its_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/en");
    let rows = evaluate_on(&root.join("expected"), &[&root.join("en"), &samples], 34);
    let score = |fact_type: &str| {
        rows.iter()
            .find(|(name, _, _)| name == fact_type)
            .map(|(_, precision, recall)| (*precision, *recall))
            .unwrap_or_else(|| panic!("{fact_type} is scored: {rows:?}"))
    };
    for (fact_type, precision, recall) in [
        ("title", 1.0, 1.0),
        ("kind", 0.95, 0.95),
        ("party", 0.95, 0.95),
        ("place", 0.95, 0.95),
        ("date", 0.95, 0.6),
        ("statement", 0.93, 0.75),
        ("instrument", 0.84, 0.75),
        ("event", 0.6, 0.4),
        ("signature", 0.95, 0.25),
    ] {
        let (p, r) = score(fact_type);
        assert!(
            p >= precision && r >= recall,
            "{fact_type}: precision {p:.3} (floor {precision}), recall {r:.3} (floor {recall})"
        );
    }
}

/// A Chinese and an English file read in one run: each in its own language, found from its
/// letters; `--lang` overrides the guess.
#[test]
fn each_file_is_read_in_its_own_language() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("zh.txt");
    let en = dir.path().join("en.txt");
    std::fs::write(
        &zh,
        "中华人民共和国和法兰西共和国联合声明\n\n双方重申支持多边主义。\n",
    )
    .unwrap();
    std::fs::write(
        &en,
        "Joint Statement of the United States and France\n\nThe two sides reaffirm their support for multilateralism.\n",
    )
    .unwrap();
    let out = ok(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            zh.to_str().unwrap(),
            en.to_str().unwrap(),
        ],
    );
    let statements: Vec<&str> = out
        .lines()
        .filter(|line| line.contains("\"type\":\"statement\""))
        .collect();
    assert!(
        statements
            .iter()
            .any(|line| line.contains("\"verb\":\"reaffirm\"")
                && line.contains("France")
                && line.contains("UnitedStates")),
        "{out}"
    );
    assert!(
        statements
            .iter()
            .any(|line| line.contains("\"verb\":\"重申\"")),
        "{out}"
    );
    // Read as Chinese, the English file yields no stance.
    let forced = ok(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--lang",
            "zh",
            en.to_str().unwrap(),
        ],
    );
    assert!(!forced.contains("\"type\":\"statement\""), "{forced}");
    // An unknown language is refused with what to use.
    let refused = diplograph(
        dir.path(),
        &["extract", "--lang", "fr", en.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("use `zh`, `en` or `auto`"));
}
