//! Ingest, documents, extract, queries and the errors a user meets.

use super::*;

/// Parses the hand-written fixture of expected documents.
fn expected_documents() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/documents.tsv"),
    )
    .unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn ingest_stores_three_documents_with_their_metadata() {
    let store = shared_sample_store();
    let csv = ok(
        &store,
        &[
            "query",
            "--format",
            "tsv",
            "--sparql",
            "
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?title ?kind ?date ?place ?agency WHERE {
          ?d a dg:Document ; dcterms:identifier ?id .
          OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dg:kind ?kind }
          OPTIONAL { ?d dcterms:date ?date } OPTIONAL { ?d dg:place ?place }
          OPTIONAL { ?d dg:issuedBy ?agency }
        } ORDER BY ?id",
        ],
    );
    let compact = |cell: &str| {
        cell.replace("<https://w3id.org/diplograph/ontology#", "dg:")
            .replace("<https://w3id.org/diplograph/id/", "dgr:")
            .trim_end_matches('>')
            .split("^^")
            .next()
            .unwrap()
            .trim_matches('"')
            .trim_end_matches("\"@zh")
            .to_owned()
    };
    let rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|line| line.split('\t').map(compact).collect())
        .collect();
    let expected = expected_documents();
    assert_eq!(rows.len(), 3, "{csv}");
    for (row, expected) in rows.iter().zip(&expected) {
        let mut expected = expected.clone();
        expected.resize(6, String::new());
        assert_eq!(row, &expected);
    }
}

#[test]
fn each_document_has_its_own_named_graph() {
    let store = shared_sample_store();
    let graphs = ok(&store, &["query", "--format", "tsv", "--sparql",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/diplograph/ontology#Document> } } ORDER BY ?g"]);
    assert_eq!(
        graphs.lines().count(),
        4,
        "header and three graphs: {graphs}"
    );
    let table = ok(&store, &["documents"]);
    assert!(
        table.contains("中华人民共和国和阿拉伯联合酋长国关于加强全面战略伙伴关系的联合声明"),
        "{table}"
    );
    assert!(table.contains(".pdf-text.zh.doc2"));
}

#[test]
fn ingesting_again_changes_nothing() {
    let (_dir, store) = sample_store();
    let before = store_len(&store);
    let documents_before = ok(&store, &["documents"]);
    ok(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(store_len(&store), before);
    assert_eq!(ok(&store, &["documents"]), documents_before);
}

/// A store as small as the samples' is compacted by ingest itself, and answers as before.
#[test]
fn a_small_store_is_compacted_at_the_end_of_each_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    for run in ["first", "second"] {
        let output = diplograph(
            &store,
            &["--verbose", "ingest", samples().to_str().unwrap()],
        );
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{run} run: {said}");
        assert!(said.contains("compacted the store"), "{run} run: {said}");
    }
    let documents = ok(&store, &["documents"]);
    assert!(
        documents.contains("中华人民共和国和阿拉伯联合酋长国关于加强全面战略伙伴关系的联合声明"),
        "{documents}"
    );
}

/// The runs graph records each run with PROV-O: the files it read and the documents it stored.
/// Running the same files again replaces that record (one record, whole), and another set of
/// files gets a record of its own.
#[test]
fn each_run_is_recorded_once_with_its_files_and_documents() {
    const RECORDS: &str = "
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?run (COUNT(DISTINCT ?file) AS ?files) (COUNT(DISTINCT ?document) AS ?documents)
               (COUNT(DISTINCT ?started) AS ?starts) (COUNT(DISTINCT ?ended) AS ?ends)
        WHERE {
          GRAPH <https://w3id.org/diplograph/graph/runs> {
            ?run a dg:IngestRun, prov:Activity ;
                 prov:startedAtTime ?started ;
                 prov:endedAtTime ?ended ;
                 dg:sourceFile ?file ;
                 prov:generated ?document .
          }
          GRAPH ?document { ?document a dg:Document }
        }
        GROUP BY ?run ORDER BY ?files";
    let rows = |store: &Path| -> Vec<String> {
        sparql_csv(store, RECORDS)
            .lines()
            .skip(1)
            .map(|line| line.split_once(',').expect("a row").1.to_owned())
            .collect()
    };
    let (_dir, store) = sample_store();
    // Both sample files, three documents (the printed file holds two), one start and one end.
    assert_eq!(rows(&store), ["2,3,1,1"]);
    // Times are recorded to the second: the next run's differ, and the earlier ones must go.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ok(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(rows(&store), ["2,3,1,1"], "the same files again");
    ok(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    assert_eq!(rows(&store), ["1,1,1,1", "2,3,1,1"], "another set of files");
}

#[test]
fn mentions_point_back_into_the_original_file() {
    let store = shared_sample_store();
    let tsv = ok(&store, &["query", "--format", "tsv", "--sparql", "
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?file ?start ?end ?text ?rule WHERE {
          ?m a dg:Mention ; dg:document ?d ; dg:start ?start ; dg:end ?end ; dg:text ?text ; dg:rule ?rule ; dg:sentence ?s .
          ?d dg:sourceFile ?file .
        }"]);
    let mut checked = 0;
    for line in tsv.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let file = cells[0].trim_matches('"');
        let start: usize = cells[1].parse().unwrap();
        let end: usize = cells[2].parse().unwrap();
        let text = cells[3].split("\"@").next().unwrap().trim_matches('"');
        let original = std::fs::read_to_string(samples().join(file)).unwrap();
        let slice: String = original
            .chars()
            .skip(start)
            .take(end - start)
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(slice, text, "{line}");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} mentions");
}

#[test]
fn the_reference_entities_are_found() {
    let store = shared_sample_store();
    let table = ok(&store, &["query", "shared-entities", "--format", "csv"]);
    for expected in ["dgr:XiJinping", "dgr:WTO", "dgr:UnitedNations", "dgr:China"] {
        let iri = expected.replace("dgr:", "https://w3id.org/diplograph/id/");
        assert!(table.contains(&iri), "{expected} missing from\n{table}");
    }
    // 阿方 is the UAE in the China–UAE statement, and is not read where the UAE is not named.
    let party_form = sparql_csv(&store, "
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?entity WHERE { ?m dg:rule \"mentions.party-form\" ; dg:text \"阿方\"@zh ; dg:mentions ?entity }");
    assert!(
        party_form
            .lines()
            .skip(1)
            .all(|line| line.ends_with("/id/UnitedArabEmirates")),
        "{party_form}"
    );
    assert!(party_form.lines().count() > 3);
}

#[test]
fn a_bad_file_is_reported_and_the_others_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(samples().join(UAE), input.join(UAE)).unwrap();
    std::fs::write(input.join("scan.txt"), b"%PDF-1.5\x00\x01binary").unwrap();
    std::fs::write(input.join("empty.txt"), b"  \n").unwrap();
    let store = dir.path().join("store");
    let output = diplograph(
        &store,
        &["ingest", input.to_str().unwrap(), "/no/such/file.txt"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("scan.txt") && stderr.contains("damaged PDF"),
        "{stderr}"
    );
    assert!(
        stderr.contains("empty.txt") && stderr.contains("empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/no/such/file.txt") && stderr.contains("does not exist"),
        "{stderr}"
    );
    let table = ok(&store, &["documents"]);
    assert!(
        table.contains("联合声明"),
        "the good file is stored: {table}"
    );
}

#[test]
fn gb18030_input_gives_the_same_graph_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(samples().join(UAE)).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let utf8 = dir.path().join("utf8");
    let gb = dir.path().join("gb");
    std::fs::create_dir_all(&utf8).unwrap();
    std::fs::create_dir_all(&gb).unwrap();
    std::fs::write(utf8.join("statement.txt"), text.as_bytes()).unwrap();
    std::fs::write(gb.join("statement.txt"), &bytes).unwrap();
    let from_utf8 = ok(
        dir.path(),
        &["extract", "--format", "nquads", utf8.to_str().unwrap()],
    );
    let from_gb = ok(
        dir.path(),
        &["extract", "--format", "nquads", gb.to_str().unwrap()],
    );
    let without_encoding = |text: &str| {
        text.lines()
            .filter(|line| !line.contains("sourceEncoding"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(without_encoding(&from_utf8), without_encoding(&from_gb));
    assert!(from_gb.contains("\"gb18030\""));
}

#[test]
fn extract_writes_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &["extract", samples().join(PRINTED).to_str().unwrap()],
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let documents: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|line| line["type"] == "document")
        .collect();
    assert_eq!(documents.len(), 2);
    let dateline = lines
        .iter()
        .find(|line| line["type"] == "issued-by")
        .expect("the dateline names its agency");
    assert_eq!(dateline["agency"], "https://w3id.org/diplograph/id/Xinhua");
    assert_eq!(dateline["rule"], "metadata.dateline");
    assert_eq!(dateline["text"], "新华社");
    assert!(
        !dir.path().join("diplograph-store").exists(),
        "extract makes no store"
    );
}

#[test]
fn queries_lists_the_bundled_queries() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["queries"]);
    for name in ["documents", "entities", "shared-entities"] {
        assert!(
            out.lines().any(|line| line.starts_with(name)),
            "{name} in {out}"
        );
    }
}

#[test]
fn bundled_queries_have_their_columns_in_order() {
    let store = shared_sample_store();
    let documents = ok(&store, &["query", "documents", "--format", "csv"]);
    assert_eq!(
        documents.lines().next().unwrap(),
        "document,title,kind,date,place,parties"
    );
    assert_eq!(documents.lines().count(), 4);
    let entities = ok(&store, &["query", "entities", "--format", "csv"]);
    assert_eq!(
        entities.lines().next().unwrap(),
        "entity,label,type,documents"
    );
    assert!(entities.contains("https://w3id.org/diplograph/id/Tashkent,塔什干,https://w3id.org/diplograph/ontology#City,"), "{entities}");
}

#[test]
fn query_errors_say_what_is_wrong() {
    let store = shared_sample_store();
    let output = diplograph(&store, &["query", "--sparql", "SELECT ?x WHERE { ?x ?y }"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid SPARQL") && stderr.contains("1:"),
        "the position is named: {stderr}"
    );
    let output = diplograph(&store, &["query", "no-such-query"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("diplograph queries"));
    let output = diplograph(&store, &["query", "documents", "--param", "x=1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no parameter `x`"));
}

#[test]
fn parameters_are_bound_as_terms_not_pasted() {
    let store = shared_sample_store();
    let query = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?entity WHERE { ?entity skos:prefLabel ?name . FILTER(STR(?name) = ?place) }";
    let found = ok(
        &store,
        &[
            "query",
            "--format",
            "csv",
            "--sparql",
            query,
            "--param",
            "place=塔什干",
        ],
    );
    assert_eq!(
        found.lines().collect::<Vec<_>>(),
        ["entity", "https://w3id.org/diplograph/id/Tashkent"]
    );
    let injected = ok(
        &store,
        &[
            "query",
            "--format",
            "csv",
            "--sparql",
            query,
            "--param",
            "place=x\") } UNION { ?entity ?p ?o } #",
        ],
    );
    assert_eq!(injected.lines().count(), 1, "no rows: {injected}");
}

#[test]
fn missing_store_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let output = diplograph(&dir.path().join("nothing-here"), &["documents"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no diplograph store") && stderr.contains("diplograph ingest"),
        "{stderr}"
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        "ingest",
        "extract",
        "query",
        "queries",
        "export",
        "documents",
        "demo",
    ] {
        let out = ok(dir.path(), &[command, "--help"]);
        assert!(
            out.contains("Example"),
            "{command} --help has an example:\n{out}"
        );
    }
}

#[test]
fn demo_runs_the_main_job() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .arg("demo")
        .current_dir(dir.path())
        .env_remove("DIPLOGRAPH_STORE")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("dgr:XiJinping"), "{stdout}");
    let turtle = dir.path().join("diplograph-demo/diplograph-demo.ttl");
    assert!(stdout.contains("diplograph-demo.ttl"));
    let text = std::fs::read_to_string(turtle).unwrap();
    assert!(text.contains("@prefix dg: <https://w3id.org/diplograph/ontology#>"));
}

#[test]
fn proposals_point_to_what_they_name() {
    let store = shared_sample_store();
    let csv = sparql_csv(
        &store,
        "
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?proposer ?about WHERE { ?p a dg:Proposal ; dg:proposer ?proposer ; dg:about ?about }
        ORDER BY ?about",
    );
    assert!(
        csv.contains("https://w3id.org/diplograph/id/Kazakhstan,https://w3id.org/diplograph/instrument/上合组织能源战略"),
        "{csv}"
    );
    assert!(
        csv.contains("https://w3id.org/diplograph/id/Uzbekistan,https://w3id.org/diplograph/event/上合组织交通论坛-2023"),
        "{csv}"
    );
}

#[test]
fn a_file_that_yields_fewer_documents_loses_the_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("statements.txt");
    std::fs::copy(samples().join(PRINTED), &file).unwrap();
    let store = dir.path().join("store");
    ok(&store, &["ingest", file.to_str().unwrap()]);
    assert_eq!(
        ok(&store, &["documents"]).matches("statements.doc").count(),
        2
    );
    // The same file now holds one document: its two old graphs go, one new graph comes.
    std::fs::copy(samples().join(UAE), &file).unwrap();
    let output = diplograph(&store, &["ingest", file.to_str().unwrap()]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("2 stale document graph(s) removed"));
    let documents = ok(&store, &["documents"]);
    assert!(!documents.contains("statements.doc"), "{documents}");
    assert!(documents.contains("联合声明"), "{documents}");
}

#[test]
fn heads_of_delegation_speak_for_their_delegations() {
    let store = shared_sample_store();
    // Every statement of the SCO communiqué opened by 各代表团团长 is spoken by the delegations
    // of the eight member states, each a node of the document that names its state.
    let csv = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
             SELECT ?state (COUNT(DISTINCT ?statement) AS ?statements) WHERE {
               GRAPH ?document {
                 ?statement dg:speaker ?delegation .
                 ?delegation a dg:Delegation ; dg:delegationOf ?state .
               }
             } GROUP BY ?state ORDER BY ?state",
    );
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 8, "{csv}");
    for state in [
        "China",
        "India",
        "Kazakhstan",
        "Kyrgyzstan",
        "Pakistan",
        "Russia",
        "Tajikistan",
        "Uzbekistan",
    ] {
        assert!(
            rows.iter()
                .any(|row| row.starts_with(&format!("https://w3id.org/diplograph/id/{state},"))),
            "{state} has no delegation: {csv}"
        );
    }
}

#[test]
fn one_run_holds_both_languages_and_each_document_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let english = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/en/joint-statement-state-visit-demonyms.en.txt");
    let chinese = samples().join(UAE);
    ok(
        &store,
        &[
            "ingest",
            english.to_str().unwrap(),
            chinese.to_str().unwrap(),
        ],
    );
    let csv = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         PREFIX dcterms: <http://purl.org/dc/terms/>
         SELECT ?file ?language (LANG(?title) AS ?tag) WHERE {
           ?d a dg:Document ; dg:sourceFile ?file ; dcterms:language ?language ;
              dcterms:title ?title .
         } ORDER BY ?file",
    );
    let rows: Vec<&str> = csv.lines().skip(1).map(str::trim_end).collect();
    assert_eq!(
        rows,
        [
            format!("{UAE},http://id.loc.gov/vocabulary/iso639-1/zh,zh"),
            "joint-statement-state-visit-demonyms.en.txt,http://id.loc.gov/vocabulary/iso639-1/en,en"
                .to_owned(),
        ],
        "{csv}"
    );
    // The text of an English sentence is tagged `en`; a Chinese document's Latin name stays plain.
    let tagged = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         SELECT (COUNT(*) AS ?n) WHERE {
           ?s a dg:Sentence ; dg:text ?text . FILTER(LANG(?text) = \"en\")
         }",
    );
    let count: usize = tagged.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(count >= 8, "{tagged}");
}

#[test]
fn the_six_english_samples_give_six_documents_with_their_facts() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let english = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/en");
    ok(&store, &["ingest", english.to_str().unwrap()]);
    let csv = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
         PREFIX dcterms: <http://purl.org/dc/terms/>
         SELECT ?file (SAMPLE(?kind) AS ?k) (COUNT(DISTINCT ?party) AS ?parties)
                (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
           ?d a dg:Document ; dg:sourceFile ?file ; dcterms:title ?title ; dg:kind ?kind ;
              dg:party ?party .
           GRAPH ?d { { ?fact a dg:ExtractedFact } UNION { ?fact a dg:StanceStatement } }
         } GROUP BY ?file ORDER BY ?file",
    );
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|line| line.trim_end().split(',').collect())
        .collect();
    // Read from the files: the kind each title names, and the parties the text speaks for.
    let expected = [
        ("2022-01-03_p5", "JointStatement", 5),
        ("2022-11-12_asean-us", "Statement", 2),
        ("2022-11-16_g20", "Declaration", 1),
        ("2023-09-10_us-vietnam", "JointStatement", 2),
        ("2025-05-12_us-china", "JointStatement", 2),
        ("2025-08-11_us-china", "JointStatement", 2),
    ];
    assert_eq!(rows.len(), expected.len(), "{csv}");
    for (row, (file, kind, parties)) in rows.iter().zip(expected) {
        assert!(row[0].starts_with(file), "{row:?}");
        assert!(row[1].ends_with(&format!("#{kind}")), "{row:?}");
        assert_eq!(row[2], parties.to_string(), "{row:?}");
        let facts: usize = row[3].parse().unwrap();
        assert!(facts >= 5, "{row:?}");
    }
}
