//! Faults: an ingest killed half-way, two writers at once, a full disk, a read-only store. After
//! each, the store opens, every document in it is whole (as many triples as a clean ingest gives
//! it) or absent, and nothing stored before is lost. Bad input: files that cannot be read are
//! named, thousands of files are taken, and no title can inject into IRIs or literals.

use crate::summary::{assert_folded, assert_summary_matches_documents};
use crate::{command, corpus, diplograph, document_quads, ok, samples, UAE};
use oxigraph::model::GraphName;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Triples in each document graph, read with oxigraph directly.
fn document_graphs(store: &Path) -> BTreeMap<String, usize> {
    let mut sizes = BTreeMap::new();
    for quad in document_quads(store) {
        if let GraphName::NamedNode(graph) = quad.graph_name {
            *sizes.entry(graph.into_string()).or_insert(0) += 1;
        }
    }
    sizes
}

fn spawn_ingest(store: &Path, input: &Path) -> Child {
    command(store, &["--quiet", "ingest", input.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

/// Kills `diplograph ingest` (SIGKILL) at a third and at a half of a clean ingest's time (its
/// last part writes no documents: the run's record, the summary's merge; a kill that comes after
/// the last document is tried again earlier): each document found in the store afterwards has
/// the triple count of the clean ingest, the summary counts exactly those documents, and running
/// the ingest again completes the set.
#[test]
fn an_ingest_killed_half_way_leaves_whole_documents_and_completes_on_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), 60);
    let clean_store = dir.path().join("clean");
    let started = Instant::now();
    ok(&clean_store, &["ingest", corpus.to_str().unwrap()]);
    let clean_time = started.elapsed();
    let clean = document_graphs(&clean_store);
    assert_eq!(clean.len(), 180);
    for (number, first_fraction) in [(1, 1.0 / 3.0), (2, 0.5)] {
        // The clean run's time is measured while other tests load the machine: where a kill
        // comes after every document is stored, the next comes at half the time, in a new store.
        let mut fraction: f64 = first_fraction;
        let (store, partial) = loop {
            let store = dir.path().join(format!("killed-{number}-{fraction:.3}"));
            let mut child = spawn_ingest(&store, &corpus);
            std::thread::sleep(clean_time.mul_f64(fraction));
            let running = child.try_wait().unwrap().is_none();
            child.kill().unwrap();
            child.wait().unwrap();
            assert!(running, "the ingest ended before it could be killed");
            let partial = document_graphs(&store);
            for (graph, triples) in &partial {
                assert_eq!(
                    Some(triples),
                    clean.get(graph),
                    "{graph} is whole after a kill at {fraction:.2} of the ingest"
                );
            }
            if partial.len() < clean.len() || fraction < 0.05 {
                break (store, partial);
            }
            fraction /= 2.0;
        };
        assert!(partial.len() < clean.len(), "the kill came before the end");
        // The summary counts exactly the documents stored; compaction merges what the killed run
        // left unmerged.
        assert_summary_matches_documents(&store, "after a kill", true);
        ok(&store, &["compact"]);
        assert_summary_matches_documents(&store, "after a kill and a compaction", true);
        if !partial.is_empty() {
            assert_folded(&store);
        }
        ok(&store, &["ingest", corpus.to_str().unwrap()]);
        assert_eq!(
            document_graphs(&store),
            clean,
            "the second run completes the set"
        );
        assert_summary_matches_documents(&store, "after the run that follows a kill", false);
        assert_folded(&store);
        let leftovers: Vec<_> = std::fs::read_dir(&store)
            .unwrap()
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("bulk-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "unfinished bulk files removed: {leftovers:?}"
        );
    }
}

/// A second ingest while one runs is refused with a message; the first finishes unharmed.
#[test]
fn a_second_writer_is_refused_and_the_first_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), 40);
    let store = dir.path().join("store");
    let mut first = spawn_ingest(&store, &corpus);
    // The first holds the store's lock before RocksDB writes the store's CURRENT file.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !store.join("CURRENT").exists() {
        assert!(
            Instant::now() < deadline,
            "the first ingest never opened the store"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let second = diplograph(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    let first_still_running = first.try_wait().unwrap().is_none();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("in use by another process"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        first_still_running,
        "the second writer came while the first ran"
    );
    assert_eq!(document_graphs(&store).len(), 120);
}

/// A small file system of its own, mounted for the test and removed after it. Mounting needs root
/// (as in CI); elsewhere the tests that need one say so and skip.
struct SmallFileSystem {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallFileSystem {
    fn mount(megabytes: u32) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mount");
        std::fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !mounted {
            eprintln!("skipped: mounting a small file system needs root");
            return None;
        }
        Some(Self { path, _dir: dir })
    }

    fn remount(&self, option: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{option}")])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallFileSystem {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

/// On a disk that fills up during an ingest, the ingest stops with a message that names the store
/// and says what to do; the documents stored before are all still there, whole.
#[test]
fn a_full_disk_gets_a_clear_message_and_loses_nothing() {
    let Some(disk) = SmallFileSystem::mount(48) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = disk.path.join("store");
    ok(&store, &["ingest", samples().to_str().unwrap()]);
    let before = document_graphs(&store);
    assert_eq!(before.len(), 3);
    let corpus = corpus(dir.path(), 60);
    let output = diplograph(&store, &["ingest", corpus.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(&store.display().to_string()), "{stderr}");
    assert!(stderr.contains("space"), "says the disk is full: {stderr}");
    let after = document_graphs(&store);
    for (graph, triples) in &before {
        assert_eq!(after.get(graph), Some(triples), "{graph} is kept whole");
    }
}

/// A store on a read-only file system: ingest says so and changes nothing. (Reading needs the
/// folder writable too: RocksDB appends to its log file even when it opens a store read-only; the
/// message says so.)
#[test]
fn a_read_only_store_gets_a_clear_message_and_stays_as_it_was() {
    let Some(disk) = SmallFileSystem::mount(64) else {
        return;
    };
    let store = disk.path.join("store");
    ok(&store, &["ingest", samples().join(UAE).to_str().unwrap()]);
    let before = document_graphs(&store);
    disk.remount("ro");
    let output = diplograph(&store, &["ingest", samples().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&store.display().to_string()), "{stderr}");
    assert!(stderr.contains("cannot be written"), "{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    let reading = diplograph(&store, &["documents"]);
    let stderr = String::from_utf8_lossy(&reading.stderr);
    assert!(
        reading.status.success() || stderr.contains("Read-only file system"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    disk.remount("rw");
    assert_eq!(document_graphs(&store), before);
    let documents = ok(&store, &["documents"]);
    assert!(documents.contains("联合声明"), "{documents}");
}

/// Bad files never make ingest panic: each one that cannot be stored is named with the reason,
/// and the others are stored.
#[test]
fn bad_files_are_named_and_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let sample = std::fs::read_to_string(samples().join(UAE)).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();
    write("empty.txt", b"");
    write("blank.txt", b"  \n\t \r\n\xe3\x80\x80\n");
    write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    // One line of 50 MB: refused before it is read, by the size limit.
    let line = sample.replace('\n', "");
    write(
        "one-line.txt",
        line.repeat(50_000_000 / line.len() + 1).as_bytes(),
    );
    // UTF-8 and GBK in one file.
    let half: String = sample.chars().take(1000).collect();
    let rest: String = sample.chars().skip(1000).take(1000).collect();
    let mut mixed = half.into_bytes();
    mixed.extend_from_slice(&encoding_rs::GBK.encode(&rest).0);
    write("mixed.txt", &mixed);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(sample.encode_utf16().flat_map(u16::to_le_bytes));
    write("utf16.txt", &utf16);
    write(
        "nested.txt",
        format!(
            "{}{}{}{sample}》〉）",
            "《".repeat(5000),
            "〈".repeat(5000),
            "（".repeat(5000)
        )
        .as_bytes(),
    );
    write("unclosed.txt", format!("《关于{sample}").as_bytes());
    write(
        "control.txt",
        sample
            .replace('。', "。\u{1}\u{8}\u{b}\u{c}\u{1b}[0m")
            .as_bytes(),
    );
    write("unreadable.txt", sample.as_bytes());
    let unreadable = input.join("unreadable.txt");
    std::fs::set_permissions(
        &unreadable,
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    // Root reads whatever the permissions say: then the file is simply stored.
    let can_read = std::fs::read(&unreadable).is_ok();

    let store = dir.path().join("store");
    let output = diplograph(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt", "binary"),
        ("one-line.txt", "MB"),
        // Half UTF-8 and half GBK: no one encoding reads it, and nothing garbled is stored.
        ("mixed.txt", "not UTF-8"),
        // Control characters other than white space are taken for a sign of binary data.
        ("control.txt", "binary"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|line| line.contains(name) && line.contains(reason)),
            "{name}: {stderr}"
        );
    }
    if !can_read {
        assert!(stderr.contains("unreadable.txt"), "{stderr}");
    }
    for line in stderr.lines().filter(|line| line.starts_with("error:")) {
        assert!(line.contains(".txt`"), "every error names its file: {line}");
    }
    let documents = ok(&store, &["documents"]);
    for name in ["utf16.txt", "nested.txt", "unclosed.txt"] {
        assert!(documents.contains(name), "{name} is stored: {documents}");
    }
}

/// A folder of thousands of small files is ingested whole.
#[test]
fn a_folder_of_thousands_of_small_files_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    for number in 0..3000 {
        std::fs::write(
            input.join(format!("note-{number:04}.txt")),
            format!("中华人民共和国和越南社会主义共和国联合声明\n双方同意于2022年{}月{}日在北京举行第{}次会议。\n", number % 12 + 1, number % 28 + 1, number % 9 + 1),
        )
        .unwrap();
    }
    let store = dir.path().join("store");
    ok(&store, &["--quiet", "ingest", input.to_str().unwrap()]);
    assert_eq!(document_graphs(&store).len(), 3000);
}

/// Text can neither break an IRI nor add a triple it did not mean: titles with `>`, quotes,
/// braces, `#`, spaces and a line break go through IRI minting and literal escaping, and the
/// export parses strictly with as many quads as the store holds.
#[test]
fn titles_cannot_inject_into_iris_or_literals() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inject.txt");
    std::fs::write(
        &file,
        "中华人民共和国和越南社会主义共和国联合声明\n\
         双方签署了《关于\"A>B\" #1 合作的协定》、《关于\"A>B\"与<C> #1 {x}|y^z`\\合作\n的协定》\
         和《> <http://example.org/x> . 备忘录》。\n\
         双方同意落实《\"> <http://evil.example/p> \"o\" .\n 行动计划》。\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    ok(&store, &["ingest", file.to_str().unwrap()]);
    let export = dir.path().join("export.nq");
    ok(
        &store,
        &[
            "export",
            "--format",
            "nquads",
            "--output",
            export.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&export).unwrap();
    let quads: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(text.as_bytes())
        .collect::<Result<_, _>>()
        .expect("the export parses strictly");
    assert_eq!(quads.len(), crate::store_len(&store));
    // The IRIs written in the titles are never terms of their own, and no predicate is made up.
    for quad in &quads {
        let terms = [
            quad.subject.to_string(),
            quad.predicate.to_string(),
            quad.object.to_string(),
        ];
        for injected in ["<http://example.org/x>", "<http://evil.example/p>"] {
            assert!(!terms.iter().any(|term| term == injected), "{quad}");
        }
        assert!(
            !quad.predicate.as_str().contains("example"),
            "a predicate from the text: {quad}"
        );
    }
    let instruments = ok(&store, &["query", "instruments", "--format", "tsv"]);
    assert!(
        instruments.contains(r#"关于\"A>B\" #1合作的协定"#),
        "{instruments}"
    );
    assert!(
        instruments.contains("> <http://example.org/x> . 备忘录"),
        "{instruments}"
    );
}
