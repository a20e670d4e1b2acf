//! The store: held by another process and what survives, many files ingested and read, and how
//! many of its files a reader keeps open.

use super::*;

#[test]
fn a_held_store_gets_a_clear_message_and_loses_nothing() {
    let (_dir, store) = sample_store();
    let before = store_len(&store);
    // This test process holds the store open for writing, as another diplograph or
    // `oxigraph serve` would.
    let holder = oxigraph::store::Store::open(&store).unwrap();
    let output = diplograph(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("in use by another process"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    // Readers still work beside the writer.
    let documents = ok(&store, &["documents"]);
    assert!(documents.contains("联合声明"));
    drop(holder);
    assert_eq!(store_len(&store), before, "nothing was lost");
}

/// A corpus of many files is ingested to the end and the store then opens and answers, before and
/// after compaction. (RocksDB's manual flush once waited forever after an ingest of this size;
/// ingest no longer asks for one.)
#[test]
fn a_corpus_of_eighty_files_is_ingested_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::corpus(dir.path(), 40);
    let store = dir.path().join("store");
    crate::ok(&store, &["ingest", corpus.to_str().unwrap()]);
    let documents = crate::ok(&store, &["documents"]);
    assert_eq!(documents.lines().count(), 2 + 120, "{documents}");
    // Compacting the bulk-loaded files keeps every quad and every answer.
    let quads = store_len(&store);
    let instruments = crate::ok(&store, &["query", "instruments", "--format", "csv"]);
    let output = diplograph(&store, &["compact"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("compacted"));
    assert_eq!(store_len(&store), quads);
    assert_eq!(crate::ok(&store, &["documents"]), documents);
    assert_eq!(
        crate::ok(&store, &["query", "instruments", "--format", "csv"]),
        instruments
    );
}

/// One job or several: the same corpus gives the same document graphs whatever the number of
/// files read at once (`--jobs`).
#[test]
fn the_number_of_jobs_changes_nothing_stored() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::corpus(dir.path(), 4);
    let mut stored = Vec::new();
    for jobs in ["1", "2", "0"] {
        let store = dir.path().join(format!("store-{jobs}"));
        crate::ok(
            &store,
            &["ingest", "--jobs", jobs, corpus.to_str().unwrap()],
        );
        let mut quads: Vec<String> = crate::document_quads(&store)
            .iter()
            .map(ToString::to_string)
            .collect();
        quads.sort_unstable();
        stored.push(quads);
    }
    assert!(stored[0].len() > 1000);
    assert_eq!(stored[0], stored[1], "one job and two store the same quads");
    assert_eq!(
        stored[0], stored[2],
        "one job and all cores store the same quads"
    );
}

/// The store's sorted files (`*.sst`) this process holds open.
#[cfg(target_os = "linux")]
fn open_sorted_files(store: &Path) -> usize {
    let store = store.canonicalize().unwrap();
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .flatten()
        .filter_map(|descriptor| std::fs::read_link(descriptor.path()).ok())
        .filter(|target| target.starts_with(&store) && target.extension() == Some("sst".as_ref()))
        .count()
}

/// A reader keeps a bounded number of the store's sorted files open however many the store has:
/// RocksDB holds the index of each open file in memory. (Linux: open files are read in /proc.)
#[cfg(target_os = "linux")]
#[test]
fn a_reader_keeps_a_bounded_number_of_files_open() {
    use diplograph::store::GraphStore;
    use oxigraph::model::{BlankNode, GraphName, GraphNameRef, Literal, NamedNode, Quad};

    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let predicate = NamedNode::new("https://example.org/ordinal").unwrap();
    {
        let writer = oxigraph::store::Store::open(&store).unwrap();
        // Each bulk load adds a sorted file to each index it writes. The subjects are blank nodes
        // numbered upwards, which the subject-first index keeps in their order: each load's file
        // of that index lies after the others, so RocksDB keeps it beside them instead of merging.
        for load in 0..200u128 {
            let quads = (0..10u128).map(|item| {
                Quad::new(
                    BlankNode::new_from_unique_id(load * 1_000 + item + 1),
                    predicate.clone(),
                    Literal::from(item as i64),
                    GraphName::DefaultGraph,
                )
            });
            let mut loader = writer.bulk_loader();
            loader.load_quads(quads).unwrap();
            loader.commit().unwrap();
        }
    }
    let in_folder = std::fs::read_dir(&store)
        .unwrap()
        .flatten()
        .filter(|entry| entry.path().extension() == Some("sst".as_ref()))
        .count();
    assert!(in_folder > 200, "{in_folder} sorted files");

    // Reading every quad in subject order reads every file of that index.
    let files_open_after_reading = |open_files: u32| {
        let reader = GraphStore::open_for_reading_keeping(&store, open_files).unwrap();
        let quads = reader.graph_quads(GraphNameRef::DefaultGraph).count();
        assert_eq!(quads, 2_000);
        open_sorted_files(&store)
    };
    let unbounded = files_open_after_reading(10_000);
    assert!(unbounded > 200, "{unbounded} files open");
    let limit_before = soft_open_file_limit();
    // RocksDB spreads the files it keeps open over 64 parts, each keeping at least one, and keeps
    // open the files being read: a bound of 48 keeps about 64.
    let bounded = files_open_after_reading(48);
    assert!(bounded <= 72, "{bounded} files open");
    // The bound is set through the process's file limit for the opening alone.
    assert_eq!(soft_open_file_limit(), limit_before);
}

#[cfg(target_os = "linux")]
fn soft_open_file_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the limits into the structure it is given.
    assert_eq!(
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
        0
    );
    limit.rlim_cur
}
