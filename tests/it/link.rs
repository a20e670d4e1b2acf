//! `diplograph link` over real HTTP, against a server on 127.0.0.1 that serves Wikidata-shaped
//! answers (see `tests/fixtures/wikidata/README.md`), including the faults of a real server.

use crate::wikidata_server::{Fault, WikidataServer};
use crate::{ok, sample_store, sparql_csv};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Runs `diplograph link` on `store` against `server`, in the store's folder (so that no
/// decisions file of the project is read), with a cache in that folder.
fn link(store: &Path, server: &WikidataServer, extra: &[&str]) -> Output {
    let folder = store.parent().unwrap();
    Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .current_dir(folder)
        .arg("--store")
        .arg(store)
        .args(["link", "--wikidata-api", &server.api()])
        .args(["--wikidata-sparql", &server.sparql()])
        .arg("--cache")
        .arg(folder.join("cache"))
        .args([
            "--contact",
            "tests@example.org",
            "--retries",
            "2",
            "--backoff",
            "0.05",
        ])
        .args(extra)
        .env_remove("DIPLOGRAPH_STORE")
        .env_remove("DIPLOGRAPH_LINK_DECISIONS")
        .env_remove("DIPLOGRAPH_USER_AGENT")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The rows of the `links` query (entity, label, wikidata, method, score, outcome), as the
/// values of its CSV results (no label holds a comma).
fn links(store: &Path) -> Vec<Vec<String>> {
    ok(store, &["query", "links", "--format", "csv"])
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], label: &str) -> &'a [String] {
    rows.iter()
        .find(|row| row[1] == label)
        .unwrap_or_else(|| panic!("no links row for {label}: {rows:#?}"))
}

fn export(store: &Path) -> String {
    ok(store, &["export", "--format", "nquads"])
}

#[test]
fn ingest_links_the_known_countries_organisations_and_cities_without_network() {
    let (_dir, store) = sample_store();
    let rows = links(&store);
    for (label, item) in [
        ("中华人民共和国", "Q148"),
        ("阿拉伯联合酋长国", "Q878"),
        ("上海合作组织", "Q485207"),
        ("塔什干", "Q269"),
        ("撒马尔罕", "Q5753"),
        ("迪拜", "Q612"),
    ] {
        let row = row(&rows, label);
        assert_eq!(
            row[2],
            format!("http://www.wikidata.org/entity/{item}"),
            "{row:?}"
        );
        assert_eq!(row[3], "reference", "{row:?}");
    }
    let export = export(&store);
    assert!(export.contains(
        "<https://w3id.org/diplograph/id/Tashkent> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q269>"
    ));
}

#[test]
fn link_finds_checks_and_records_the_rest() {
    let (_dir, store) = sample_store();
    let server = WikidataServer::start(Fault::None);
    let output = link(&store, &server, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = links(&store);
    let expect = |label: &str, item: &str, method: &str, score: &str, outcome: &str| {
        let row = row(&rows, label);
        assert_eq!(
            (
                row[2].as_str(),
                row[3].as_str(),
                row[4].as_str(),
                row[5].as_str()
            ),
            (item, method, score, outcome),
            "{label}: {row:?}"
        );
    };
    let search = "wbsearchentities+wbgetentities";
    let item = |id: &str| format!("http://www.wikidata.org/entity/{id}");
    expect("青岛", &item("Q9100000001"), search, "1", "linked");
    expect("阿布扎比", &item("Q9100000031"), search, "1", "linked");
    expect("布哈拉", &item("Q9100000021"), search, "0.9", "linked");
    expect("李克强", &item("Q9100000051"), search, "1", "linked");
    expect("昆明", "", search, "1", "ambiguous");
    expect("希瓦", "", search, "0", "no match");
    expect("富查伊拉", "", search, "0", "no match");
    expect("塔什干", &item("Q269"), "reference", "1", "linked");
    assert!(stderr(&output).contains("ambiguous: 昆明 (Q9100000011, Q9100000012)"));

    // Provenance, candidates and enrichment are in the links graph, and in the export.
    let export = export(&store);
    let links_graph = "<https://w3id.org/diplograph/graph/links> .";
    let in_links = |triple: &str| {
        export
            .lines()
            .any(|line| line.starts_with(triple) && line.ends_with(links_graph))
    };
    let decision = "<https://w3id.org/diplograph/link/id/Kunming>";
    assert!(in_links(&format!("{decision} <https://w3id.org/diplograph/ontology#candidate> <http://www.wikidata.org/entity/Q9100000011>")));
    assert!(in_links(&format!("{decision} <https://w3id.org/diplograph/ontology#candidate> <http://www.wikidata.org/entity/Q9100000012>")));
    assert!(in_links(&format!(
        "{decision} <http://www.w3.org/ns/prov#generatedAtTime> "
    )));
    assert!(in_links(&format!(
        "{decision} <https://w3id.org/diplograph/ontology#linkSource> <{}>",
        server.api()
    )));
    assert!(in_links(
        "<https://w3id.org/diplograph/link/id/Qingdao/geometry> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT(120.3826 36.0671)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral>"
    ));
    assert!(in_links(
        "<https://w3id.org/diplograph/id/Tashkent> <http://www.w3.org/2003/01/geo/wgs84_pos#lat> \"41.3111\"^^<http://www.w3.org/2001/XMLSchema#decimal>"
    ));
    // The railway station was weighed but not chosen; the emirate was weighed and refused.
    assert!(in_links("<https://w3id.org/diplograph/link/id/Qingdao> <https://w3id.org/diplograph/ontology#candidate> <http://www.wikidata.org/entity/Q9100000002>"));
    assert!(!export.contains(
        "<https://w3id.org/diplograph/id/Fujairah> <http://www.w3.org/2002/07/owl#sameAs>"
    ));

    // Every request was polite: one User-Agent with the contact, maxlag on API calls.
    let requests = server.requests();
    assert!(requests
        .iter()
        .all(|request| request.user_agent.starts_with("diplograph/")
            && request.user_agent.contains("tests@example.org")));
    assert!(requests
        .iter()
        .filter(|request| request.target.starts_with("/w/api.php"))
        .all(|request| request.target.contains("maxlag=5")));

    // A second run asks nothing (the cache answers) and changes no triple.
    let asked = requests.len();
    let before = export.lines().count();
    let again = link(&store, &server, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        server.requests().len(),
        asked,
        "the second run made requests"
    );
    assert!(
        stderr(&again).contains(" 0 request(s)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(self::export(&store).lines().count(), before);
}

#[test]
fn linked_entities_without_an_english_name_get_wikidata_s() {
    // Reference data in which 青岛 has no English name (a city of the generated gazetteer).
    let dir = tempfile::tempdir().unwrap();
    let ontology = dir.path().join("ontology");
    std::fs::create_dir(&ontology).unwrap();
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
    for folder in ["", "en"] {
        std::fs::create_dir_all(ontology.join(folder)).unwrap();
        for entry in std::fs::read_dir(project.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, ontology.join(folder).join(path.file_name().unwrap()))
                    .unwrap();
            }
        }
    }
    let reference = ontology.join("gazetteer.ttl");
    let text = std::fs::read_to_string(&reference).unwrap();
    assert!(text.contains(r#""青岛"@zh , "Qingdao"@en"#));
    std::fs::write(
        &reference,
        text.replace(r#""青岛"@zh , "Qingdao"@en"#, r#""青岛"@zh"#),
    )
    .unwrap();
    let store = dir.path().join("store");
    let ontology_flag = ontology.to_str().unwrap();
    let samples = crate::samples();
    ok(
        &store,
        &[
            "--ontology",
            ontology_flag,
            "ingest",
            samples.to_str().unwrap(),
        ],
    );
    let english = |store: &Path| {
        ok(
            store,
            &["query", "entities", "--lang", "en", "--format", "csv"],
        )
    };
    assert!(!english(&store).contains(",Qingdao,"));
    let server = WikidataServer::start(Fault::None);
    let output = link(&store, &server, &["--ontology", ontology_flag]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(english(&store).contains(",Qingdao,"), "{}", english(&store));
}

#[test]
fn the_decisions_file_wins_and_survives_reruns() {
    let (dir, store) = sample_store();
    let decisions = dir.path().join("diplograph-links.tsv");
    std::fs::write(
        &decisions,
        "# entity\tdecision\titem\tcomment\n\
         dgr:Kunming\taccept\tQ9100000012\tthe city of the statement\n\
         青岛\treject\tQ9100000001\n\
         dgr:LiKeqiang\treject\t*\n",
    )
    .unwrap();
    let server = WikidataServer::start(Fault::None);
    for _ in 0..2 {
        // The default file in the working folder is read.
        let output = link(&store, &server, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let rows = links(&store);
        let kunming = row(&rows, "昆明");
        assert_eq!(kunming[2], "http://www.wikidata.org/entity/Q9100000012");
        assert_eq!(kunming[3], "manual");
        let qingdao = row(&rows, "青岛");
        assert_eq!(qingdao[5], "no match", "{qingdao:?}");
        let li = row(&rows, "李克强");
        assert_eq!((li[2].as_str(), li[5].as_str()), ("", "rejected"));
    }
    let content = std::fs::read_to_string(&decisions).unwrap();
    assert!(content.contains("dgr:Kunming\taccept\tQ9100000012"));

    std::fs::write(&decisions, "dgr:Kunming\tmaybe\tQ1\n").unwrap();
    let output = link(&store, &server, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("diplograph-links.tsv:1: `maybe` is neither `accept` nor `reject`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn offline_makes_no_request_and_uses_the_cache() {
    let (_dir, store) = sample_store();
    // A server that drops every connection: a request would fail the run.
    let silent = WikidataServer::start(Fault::Drop);
    let offline = link(&store, &silent, &["--offline"]);
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert!(silent.requests().is_empty(), "--offline made a request");
    assert!(
        stderr(&offline).contains("15 entities not decided"),
        "{}",
        stderr(&offline)
    );
    assert_eq!(row(&links(&store), "塔什干")[3], "reference");

    let server = WikidataServer::start(Fault::None);
    assert!(link(&store, &server, &[]).status.success());
    let online = links(&store);
    let silent = WikidataServer::start(Fault::Drop);
    let offline = link(&store, &silent, &["--offline"]);
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert!(silent.requests().is_empty());
    assert_eq!(links(&store), online);
}

#[test]
fn too_many_requests_are_waited_out() {
    let (_dir, store) = sample_store();
    let server = WikidataServer::start(Fault::TooManyRequestsFirst(2));
    let started = Instant::now();
    let output = link(&store, &server, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Two answers said `Retry-After: 1`; the client waited both out.
    assert!(started.elapsed() >= Duration::from_secs(2));
    let requests = server.requests();
    assert_eq!(requests[0].target, requests[1].target);
    assert_eq!(requests[1].target, requests[2].target);
    assert!(stderr(&output).contains("2 retries"), "{}", stderr(&output));
    assert_eq!(row(&links(&store), "青岛")[5], "linked");
}

/// Runs `link` against a server with `fault` and checks that it fails with `message` and leaves
/// the store exactly as it was.
fn fails_cleanly(fault: Fault, extra: &[&str], message: &str) {
    let (dir, store) = sample_store();
    let before = export(&store);
    let server = WikidataServer::start(fault);
    let output = link(&store, &server, extra);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let error = stderr(&output);
    assert!(error.contains(message), "expected `{message}` in:\n{error}");
    assert!(
        error.contains(&server.api()),
        "the error names the URL:\n{error}"
    );
    assert_eq!(export(&store), before, "the store changed");
    let cached = std::fs::read_dir(dir.path().join("cache")).unwrap().count();
    assert_eq!(cached, 0, "a failed answer was cached");
}

#[test]
fn a_server_error_ends_with_a_message_and_the_store_unchanged() {
    fails_cleanly(Fault::ServerError, &[], "server error (HTTP 500)");
}

#[test]
fn a_reply_past_the_timeout_ends_with_a_message_and_the_store_unchanged() {
    fails_cleanly(
        Fault::Slow(Duration::from_secs(3)),
        &["--timeout", "0.3"],
        "no answer within the timeout",
    );
}

#[test]
fn malformed_json_ends_with_a_message_and_the_store_unchanged() {
    fails_cleanly(Fault::Malformed, &[], "the answer is not valid JSON");
}

#[test]
fn an_answer_too_large_is_refused_not_read_whole() {
    fails_cleanly(Fault::Oversized, &[], "the answer is over 16 MB");
}

#[test]
fn a_dropped_connection_ends_with_a_message_and_the_store_unchanged() {
    fails_cleanly(Fault::Drop, &[], "gave up on");
}

#[test]
fn a_failure_part_way_keeps_the_whole_decisions_made_before() {
    let (_dir, store) = sample_store();
    // Entities are searched in IRI order: 阮富仲 (NguyenPhuTrong) after 昆明 (Kunming).
    let server = WikidataServer::start(Fault::ServerErrorWhen("search=阮富仲".to_owned()));
    let output = link(&store, &server, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("linking stopped early; the "),
        "{}",
        stderr(&output)
    );
    let rows = links(&store);
    assert_eq!(row(&rows, "昆明")[5], "ambiguous");
    assert_eq!(row(&rows, "李克强")[5], "linked");
    assert!(!rows.iter().any(|row| row[1].contains("阮富仲")));
    // Every stored decision is whole: none lacks its outcome, method, score or date.
    let incomplete = sparql_csv(
        &store,
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>
             PREFIX prov: <http://www.w3.org/ns/prov#>
             SELECT (COUNT(?d) AS ?n) WHERE { ?d a dg:LinkDecision
               FILTER NOT EXISTS { ?d dg:outcome ?o ; dg:linkMethod ?m ; dg:score ?s ;
                                      prov:generatedAtTime ?t } }",
    );
    assert_eq!(incomplete.lines().nth(1), Some("0"), "{incomplete}");

    // Run again when the server is well: the rest is decided, and what was asked before comes
    // from the cache.
    let asked = server.requests().len();
    server.set_fault(Fault::None);
    assert!(link(&store, &server, &[]).status.success());
    assert_eq!(row(&links(&store), "阮富仲")[5], "linked");
    assert!(server.requests()[asked..]
        .iter()
        .all(|request| !request.target.contains("search=昆明")));
}
