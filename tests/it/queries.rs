//! The bundled queries on the sample store, compared with their checked expected results in
//! `tests/expected/queries/`, and what every bundled query must honour.

use super::*;

/// (query, parameters, expected file) for every bundled query.
fn cases() -> Vec<(String, Vec<String>, PathBuf)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/queries");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".csv"))
        else {
            continue;
        };
        // NAME.csv, or NAME.P=V.csv, or NAME.P=V,Q=W.csv for several parameters.
        let (name, parameters) = match stem.split_once('.') {
            Some((name, parameters)) => (
                name.to_owned(),
                parameters
                    .split(',')
                    .flat_map(|parameter| ["--param".to_owned(), parameter.to_owned()])
                    .collect(),
            ),
            None => (stem.to_owned(), Vec::new()),
        };
        cases.push((name, parameters, path));
    }
    cases.sort();
    cases
}

#[test]
fn bundled_queries_match_their_expected_results() {
    let store = shared_sample_store();
    let cases = cases();
    let bundled: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"))
            .unwrap()
            .map(|entry| {
                entry
                    .unwrap()
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
    for name in &bundled {
        assert!(
            cases.iter().any(|(case, _, _)| case == name),
            "query {name} has no expected result file"
        );
    }
    // Every plan, the accelerated one the commands use and the paths it is measured against (the
    // store sorting, oxigraph alone), gives the expected rows.
    let plans = ["fast", "store-order", "plain"];
    for ((name, parameters, expected_file), plan) in cases
        .iter()
        .flat_map(|case| plans.iter().map(move |plan| (case, plan)))
    {
        let mut args = vec!["query", name.as_str(), "--format", "csv", "--plan", plan];
        args.extend(parameters.iter().map(String::as_str));
        let actual = ok(&store, &args);
        let expected = std::fs::read_to_string(expected_file).unwrap();
        let query_text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("queries/{name}.rq")),
        )
        .unwrap();
        if query_text.contains("ORDER BY") {
            assert_eq!(
                actual,
                expected,
                "{name} {parameters:?} (plan {plan}) differs from {}",
                expected_file.display()
            );
        } else {
            let mut actual: Vec<&str> = actual.lines().collect();
            let mut expected: Vec<&str> = expected.lines().collect();
            actual.sort_unstable();
            expected.sort_unstable();
            assert_eq!(
                actual,
                expected,
                "{name} (plan {plan}) differs from {}",
                expected_file.display()
            );
        }
    }
}

#[test]
fn columns_are_those_the_header_declares() {
    let store = shared_sample_store();
    for info in diplograph::query::bundled() {
        assert!(
            !info.title.is_empty() && !info.answers.is_empty(),
            "{} has a header",
            info.name
        );
        let mut args = vec!["query", info.name.as_str(), "--format", "csv"];
        let required: Vec<String> = info
            .parameters
            .iter()
            .filter(|p| p.required)
            .map(|p| format!("{}=x", p.name))
            .collect();
        for parameter in &required {
            args.push("--param");
            args.push(parameter);
        }
        let out = ok(&store, &args);
        assert_eq!(
            out.lines().next().unwrap(),
            info.columns.join(","),
            "columns of {}",
            info.name
        );
    }
}

#[test]
fn a_missing_required_parameter_is_an_error() {
    let store = shared_sample_store();
    let output = diplograph(&store, &["query", "mentions"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs the parameter `entity`"));
}

#[test]
fn an_entity_or_a_document_can_be_given_in_any_of_its_forms() {
    let store = shared_sample_store();
    let mentions = |entity: &str| {
        ok(
            &store,
            &[
                "query",
                "mentions",
                "--param",
                &format!("entity={entity}"),
                "--format",
                "csv",
            ],
        )
    };
    // A name is looked up in every label language, and as written; an IRI is the entity itself.
    let chinese = mentions("习近平");
    assert_eq!(chinese.lines().count(), 8, "{chinese}");
    assert_eq!(mentions("Xi Jinping"), chinese);
    assert_eq!(
        mentions("https://w3id.org/diplograph/id/XiJinping"),
        chinese
    );
    assert_eq!(mentions("无此人").lines().count(), 1);

    // A document is given by its identifier or by its IRI; both name the same document.
    let shared = |first: &str| {
        ok(
            &store,
            &[
                "query",
                "shared-entities",
                "--param",
                &format!("first={first}"),
                "--param",
                "second=2019-07-23_china-uae-comprehensive-strategic-partnership-joint-statement.zh",
                "--format",
                "csv",
            ],
        )
    };
    let vietnam =
        "2022-11_china-vietnam-joint-statement+sco-heads-of-government-communique.pdf-text.zh.doc1";
    let by_identifier = shared(vietnam);
    // The ten entities both statements name (see tests/expected/queries/shared-entities.csv).
    assert_eq!(by_identifier.lines().count(), 11, "{by_identifier}");
    assert_eq!(
        shared(&format!("https://w3id.org/diplograph/document/{vietnam}")),
        by_identifier
    );
}

#[test]
fn labels_can_be_english() {
    let store = shared_sample_store();
    let out = ok(
        &store,
        &[
            "query",
            "places",
            "--param",
            "place=塔什干",
            "--lang",
            "en",
            "--format",
            "csv",
        ],
    );
    assert!(out.contains(",Tashkent,"), "{out}");
    let documents = ok(
        &store,
        &["query", "documents", "--lang", "en", "--format", "csv"],
    );
    assert!(
        documents.contains("United Arab Emirates; China")
            || documents.contains("China; United Arab Emirates"),
        "{documents}"
    );
}

#[test]
fn wide_characters_line_up_in_tables() {
    let store = shared_sample_store();
    let table = ok(&store, &["query", "signatories"]);
    let widths: Vec<usize> = table
        .lines()
        .filter(|line| !line.starts_with('─'))
        .map(|line| {
            // Display width up to the start of the last column, `country`.
            let country = line
                .rfind("country")
                .or_else(|| line.rfind("dgr:"))
                .unwrap();
            unicode_width::UnicodeWidthStr::width(&line[..country])
        })
        .collect();
    assert!(widths.windows(2).all(|pair| pair[0] == pair[1]), "{table}");
}

/// The bundled queries are standard SPARQL 1.1: run by rdflib on the TriG export (a dataset whose
/// default graph is the union of its named graphs, as in diplograph's store), each gives as many
/// rows as in diplograph's store, with the same values in its first column. rdflib is
/// installed by `scripts/setup.sh`; `DIPLOGRAPH_SKIP_EXTERNAL_TOOLS=1` skips this test where
/// it cannot be.
#[test]
fn bundled_queries_run_unchanged_in_rdflib() {
    if crate::external_tools_skipped() {
        return;
    }
    let (dir, store) = sample_store();
    let trig = dir.path().join("export.trig");
    ok(
        &store,
        &[
            "export",
            "--format",
            "trig",
            "--output",
            trig.to_str().unwrap(),
        ],
    );
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let script = r#"
import glob, os, sys, rdflib
graph = rdflib.Dataset(default_union=True)
graph.parse(sys.argv[1], format="trig")
for path in sorted(glob.glob(os.path.join(sys.argv[2], "*.rq"))):
    name = os.path.basename(path)[:-3]
    bindings = {"entity": rdflib.Literal("习近平", lang="zh")} if name == "mentions" else {}
    rows = list(graph.query(open(path, encoding="utf-8").read(), initBindings=bindings))
    first = sorted(set(str(row[0]) if row[0] is not None else "" for row in rows))
    print(name + "\t" + str(len(rows)) + "\t" + "|".join(first))
"#;
    let output = Command::new("python3")
        .args([
            "-c",
            script,
            trig.to_str().unwrap(),
            queries.to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs (scripts/setup.sh installs rdflib)");
    assert!(
        output.status.success(),
        "rdflib: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    for line in stdout.lines() {
        let mut fields = line.splitn(3, '\t');
        let (name, count, first) = (
            fields.next().unwrap(),
            fields.next().unwrap(),
            fields.next().unwrap_or(""),
        );
        let mut args = vec!["query", name, "--format", "tsv"];
        if name == "mentions" {
            args.extend(["--param", "entity=习近平"]);
        }
        let ours = ok(&store, &args);
        let rows: Vec<&str> = ours.lines().skip(1).collect();
        assert_eq!(
            count,
            rows.len().to_string(),
            "{name}: rdflib and diplograph differ in rows"
        );
        let mut ours_first: Vec<String> = rows
            .iter()
            .map(|row| {
                let cell = row.split('\t').next().unwrap_or("");
                let cell = cell.trim_start_matches('<').trim_end_matches('>');
                // A TSV literal is "value" or "value"^^<type> or "value"@lang.
                match cell.strip_prefix('"') {
                    Some(rest) => rest
                        .rsplit_once('"')
                        .map_or(rest, |(value, _)| value)
                        .to_owned(),
                    None => cell.to_owned(),
                }
            })
            .collect();
        ours_first.sort();
        ours_first.dedup();
        assert_eq!(first, ours_first.join("|"), "{name}: first column differs");
    }
    assert_eq!(
        stdout.lines().count(),
        std::fs::read_dir(&queries).unwrap().count()
    );
}

/// `ORDER BY` with `DISTINCT`, `DESC`, `LIMIT` and `OFFSET` in a query of the user's, done on
/// decoded solutions, against the same computed from the checked instruments file.
#[test]
fn ordered_distinct_sliced_queries_follow_the_sparql_algebra() {
    let store = shared_sample_store();
    let expected_file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/queries/instruments.csv");
    let checked = std::fs::read_to_string(expected_file).unwrap();
    // The kinds of the checked instruments the documents describe (column 3), distinct, last
    // first, after the first one. (No title in the file holds an ASCII comma.)
    let mut kinds: Vec<&str> = checked
        .lines()
        .skip(1)
        .filter(|line| line.starts_with("https://w3id.org/diplograph/instrument/"))
        .map(|line| line.split(',').nth(2).unwrap())
        .filter(|kind| !kind.is_empty())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.reverse();
    let expected: Vec<&str> = kinds.into_iter().skip(1).take(3).collect();
    let query = "PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT DISTINCT ?kind WHERE {
          { GRAPH ?document { ?instrument a dg:Instrument ; dg:kind ?kind ; dg:place ?place } }
          UNION { GRAPH ?document { ?instrument a dg:Instrument ; dg:kind ?kind } }
          FILTER(?document != <https://w3id.org/diplograph/graph/reference>)
        }
        ORDER BY DESC(?kind) LIMIT 3 OFFSET 1";
    let output = sparql_csv(&store, query);
    let rows: Vec<&str> = output.lines().skip(1).collect();
    assert_eq!(rows, expected, "{output}");
}

/// A document that names no party is listed with an empty list of parties, and no other
/// document's parties change: the labels of the reference data are looked up for its own parties
/// only.
#[test]
fn a_document_without_parties_lists_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::copy(samples().join(UAE), files.join(UAE)).unwrap();
    std::fs::write(
        files.join("no-parties.txt"),
        "会议纪要\n与会者就共同关心的问题交换了意见。\n",
    )
    .unwrap();
    let output = diplograph(&store, &["ingest", files.to_str().unwrap()]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("no-parties (from no-parties.txt): found no parties, no date, no statements"),
        "{stderr}"
    );
    let csv = ok(&store, &["query", "documents", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let without = rows
        .iter()
        .find(|row| row.starts_with("https://w3id.org/diplograph/document/no-parties,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(without.ends_with(','), "no parties listed: {without}");
    let uae = rows
        .iter()
        .find(|row| row.starts_with("https://w3id.org/diplograph/document/2019-07-23_china-uae"))
        .unwrap_or_else(|| panic!("{csv}"));
    let parties = uae.rsplit(',').next().unwrap();
    let mut parties: Vec<&str> = parties.split("; ").collect();
    parties.sort_unstable();
    assert_eq!(parties, vec!["中华人民共和国", "阿拉伯联合酋长国"], "{uae}");
}
