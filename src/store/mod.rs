//! The on-disk store: an oxigraph (RocksDB) store in a folder, one named graph per document.
//!
//! Writers open the store read-write; only one process can (RocksDB's lock). A second writer, or
//! `oxigraph serve` on the same folder, is reported as [`StoreError::Locked`] with what to do.
//! Readers (`query`, `export`, `documents`) open it read-only, which works beside a writer and sees
//! a consistent snapshot. A writer compacting the store can replace a file while a reader opens
//! it; the reader then opens again, a few times, before it reports an error.
//!
//! Each graph is replaced in one transaction that removes the quads the graph no longer holds and
//! inserts those it did not hold: a crash leaves the old graph or the new one, never half of
//! either, and ingesting a document again gives the same graph and triple count (and, when the
//! document has not changed, writes nothing).
//!
//! New documents are written with the bulk loader (see `ingest`); a bulk load killed half-way
//! leaves only unused sorted files, which the next writer removes.
//!
//! Cost: replacing a graph holds its old and new quads in memory, and writes the difference
//! (linear in the two, through hash sets); reading and counting are streaming. Writers and readers
//! keep at most 512 of the store's sorted files open, and with them their indexes in memory, so
//! the store's share of a process's memory does not grow with the store.

pub mod budget;
pub mod ingest;
pub mod summary;
pub mod versions;

use crate::error::StoreError;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, TermRef, TripleRef,
};
use oxigraph::store::{StorageError, Store, StoreOptions};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How many of the store's sorted files a process keeps open, writer or reader. RocksDB keeps the
/// index (and, for the string table, the filter) of every open file in memory, about 0.5 MB for a
/// file of 64 MB; by default it keeps every file open, as many as the process may, so that part of
/// the memory of ingest, query and export would grow with the store. A 300 MB corpus leaves up to
/// 650 files during its ingest; beyond this bound the index of a file is read again when the file
/// is needed after others.
const STORE_OPEN_FILES: u32 = 512;

/// Files a process keeps for everything but the store's sorted files (as oxigraph's own default).
const OTHER_OPEN_FILES: u64 = 48;

/// The fewest sorted files oxigraph lets a read-only store keep open.
const READER_MINIMUM_OPEN_FILES: u32 = 48;

/// The process's limits on open files (soft and hard), where they can be read.
#[cfg(unix)]
fn open_file_limits() -> Option<libc::rlimit> {
    let mut limits = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the limits into the structure it is given.
    (unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limits) } == 0).then_some(limits)
}

/// The open-file bound for the store under the process's file limit: [`STORE_OPEN_FILES`], or
/// fewer where the process may open fewer files (a macOS shell allows 256), so that RocksDB
/// closes a file before the system refuses to open one.
fn store_open_files() -> u32 {
    #[cfg(unix)]
    if let Some(limits) = open_file_limits() {
        // The soft limit, which a process may not exceed (it is never above the hard one).
        return open_files_within(limits.rlim_cur);
    }
    STORE_OPEN_FILES
}

/// [`STORE_OPEN_FILES`], or what a limit of `process_limit` files leaves for the store.
fn open_files_within(process_limit: u64) -> u32 {
    let for_the_store = process_limit.saturating_sub(OTHER_OPEN_FILES);
    u32::try_from(for_the_store).map_or(STORE_OPEN_FILES, |files| files.min(STORE_OPEN_FILES))
}

/// Opens the store read-only, keeping at most `open_files` of its sorted files open (at least
/// [`READER_MINIMUM_OPEN_FILES`]).
///
/// oxigraph's read-only opening takes no options: RocksDB is told to keep as many files open as
/// the process's file limit allows, less 48, a limit read once, at the opening. So the opening
/// runs with the soft limit lowered to `open_files` + 48.
fn open_read_only_keeping(path: &Path, open_files: u32) -> Result<Store, StorageError> {
    let limit = u64::from(open_files.max(READER_MINIMUM_OPEN_FILES)) + OTHER_OPEN_FILES;
    with_open_file_limit_at_most(limit, || Store::open_read_only(path))
}

/// Runs `action` with the process's soft limit on open files lowered to `limit` (where it is
/// higher), then sets it back: a process may always raise its soft limit up to the hard one. While
/// it is lowered, no file numbered above it can be opened; diplograph's commands open their store
/// before they start other work. One at a time: two at once would set back each other's limit.
fn with_open_file_limit_at_most<T>(limit: u64, action: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        use std::sync::{Mutex, PoisonError};
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(original) = open_file_limits().filter(|limits| limits.rlim_cur > limit) {
            let lowered = libc::rlimit {
                rlim_cur: limit,
                rlim_max: original.rlim_max,
            };
            /// Sets the original limit back when dropped, after `action` returns or panics.
            struct SetBack(libc::rlimit);
            impl Drop for SetBack {
                fn drop(&mut self) {
                    // SAFETY: setrlimit only reads the structure; the original soft limit is
                    // within the unchanged hard limit.
                    unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &self.0) };
                }
            }
            // SAFETY: setrlimit only reads the structure; a soft limit may always be lowered.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lowered) } == 0 {
                let _set_back = SetBack(original);
                return action();
            }
        }
    }
    let _ = limit;
    action()
}

/// A graph to rewrite: the quads it holds, as its writer read them from the store (their graph
/// names ignored), and the triples it is to hold.
pub struct GraphRewrite<'a> {
    pub graph: NamedNodeRef<'a>,
    pub held: &'a [Quad],
    pub wanted: HashSet<TripleRef<'a>>,
}

/// A quad's triple, borrowed.
fn triple_of(quad: &Quad) -> TripleRef<'_> {
    TripleRef::new(&quad.subject, &quad.predicate, &quad.object)
}

/// An open store and the folder it lives in.
pub struct GraphStore {
    pub store: Store,
    pub path: PathBuf,
}

/// The named graphs of `store` that say `<graph> predicate object` of themselves, inside
/// themselves, in the order of the store's index: one range of the index, read once.
pub fn graphs_saying_of_themselves(
    store: &Store,
    predicate: NamedNodeRef<'_>,
    object: TermRef<'_>,
) -> Result<Vec<NamedNode>, StorageError> {
    each_graph_saying_of_itself(store, predicate, object).collect()
}

/// The same graphs as [`graphs_saying_of_themselves`], each as soon as the index yields it, for
/// a reader that starts on the first while the rest are read.
pub fn each_graph_saying_of_itself<'a>(
    store: &'a Store,
    predicate: NamedNodeRef<'_>,
    object: TermRef<'_>,
) -> impl Iterator<Item = Result<NamedNode, StorageError>> + 'a {
    store
        .quads_for_pattern(None, Some(predicate), Some(object), None)
        .filter_map(|quad| match quad {
            Ok(Quad {
                subject: NamedOrBlankNode::NamedNode(subject),
                graph_name: GraphName::NamedNode(graph),
                ..
            }) if subject == graph => Some(Ok(graph)),
            Ok(_) => None,
            Err(error) => Some(Err(error)),
        })
}

fn is_lock_error(error: &StorageError) -> bool {
    let text = error.to_string();
    text.contains("lock file")
        || text.contains("/LOCK")
        || text.contains("Resource temporarily unavailable")
}

/// RocksDB's answer when a file named in the store's file list is gone: a writer replaced it
/// (compaction) between our reading the list and opening the file.
fn is_replaced_file_error(error: &StorageError) -> bool {
    let text = error.to_string();
    text.contains("No such file or directory") && text.contains(".sst")
}

fn is_not_writable_error(error: &StorageError) -> bool {
    if let StorageError::Io(io) = error {
        if matches!(
            io.kind(),
            std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::StorageFull
        ) {
            return true;
        }
    }
    // RocksDB's own errors carry the system's message only as text.
    let text = error.to_string();
    text.contains("Permission denied")
        || text.contains("Read-only file system")
        || text.contains("No space left")
}

/// The sorted data files (`*.sst`) in the store folder, with their names.
fn sorted_files(path: &Path) -> impl Iterator<Item = (String, std::fs::DirEntry)> {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry))
        .filter(|(name, _)| name.ends_with(".sst"))
}

/// Removes the sorted files a bulk load leaves in the store folder when it is killed before it
/// hands them to the store (`bulk-*.sst`). Only a writer calls this, holding the store's lock, so
/// no load is running. RocksDB never names its own files so; a file it took in is its own link.
fn remove_unfinished_bulk_files(path: &Path) {
    for (name, entry) in sorted_files(path) {
        if name.starts_with("bulk-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl GraphStore {
    /// Opens (creating if needed) the store for writing.
    pub fn open_for_writing(path: &Path) -> Result<Self, StoreError> {
        // A folder that holds other files is not made a store: RocksDB would write its files
        // among them.
        let holds_other_files = !path.join("CURRENT").is_file()
            && std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_some());
        if holds_other_files {
            return Err(StoreError::NotAStore {
                path: path.to_owned(),
            });
        }
        if let Err(source) = std::fs::create_dir_all(path) {
            return Err(StoreError::NotWritable {
                path: path.to_owned(),
                source: StorageError::Io(source),
            });
        }
        let store = Self::open_writable(path)?;
        remove_unfinished_bulk_files(path);
        Ok(Self {
            store,
            path: path.to_owned(),
        })
    }

    /// Closes the store and opens it again for writing, so that what the write-ahead log and the
    /// write buffers hold is written into sorted files: RocksDB does so when it opens a store for
    /// writing, without waiting for compactions. This frees the write buffers (up to 128 MB for
    /// each of the store's eleven indexes), and readers, who open the store read-only, no longer
    /// read the whole log again at each opening (after a large ingest, the log a merge of the
    /// summary leaves). RocksDB's own flush call is not used: after a large bulk load
    /// it was seen to wait for background compaction indefinitely.
    pub fn reopen(&mut self) -> Result<(), StoreError> {
        // The folder's lock is released only when the open store is dropped; an empty in-memory
        // store stands in between the two.
        let placeholder = Store::new().map_err(|source| self.storage_error(source))?;
        drop(std::mem::replace(&mut self.store, placeholder));
        self.store = Self::open_writable(&self.path)?;
        Ok(())
    }

    /// Opens the store read-write, keeping a bounded number of its files open.
    fn open_writable(path: &Path) -> Result<Store, StoreError> {
        let options = StoreOptions::default().with_max_open_files(store_open_files());
        Store::open_with_options(path, options).map_err(|source| Self::classify(path, source))
    }

    /// Opens an existing store for reading; works while a writer holds it.
    pub fn open_for_reading(path: &Path) -> Result<Self, StoreError> {
        Self::open_for_reading_keeping(path, store_open_files())
    }

    /// Opens an existing store for reading, keeping at most `open_files` of its sorted files open
    /// at once (48 at the fewest); works while a writer holds it.
    pub fn open_for_reading_keeping(path: &Path, open_files: u32) -> Result<Self, StoreError> {
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotFound {
                path: path.to_owned(),
            });
        }
        // A writer beside us may compact the store while we open it: the list of files we read
        // can name a file it has just replaced. Opening again reads the new list.
        let mut attempt = 0;
        let store = loop {
            match open_read_only_keeping(path, open_files) {
                Ok(store) => break store,
                Err(source) if attempt < 8 && is_replaced_file_error(&source) => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25 << attempt));
                }
                Err(source) => return Err(Self::classify(path, source)),
            }
        };
        Ok(Self {
            store,
            path: path.to_owned(),
        })
    }

    fn classify(path: &Path, source: StorageError) -> StoreError {
        if is_lock_error(&source) {
            StoreError::Locked {
                path: path.to_owned(),
            }
        } else if is_not_writable_error(&source) {
            StoreError::NotWritable {
                path: path.to_owned(),
                source,
            }
        } else {
            StoreError::Storage {
                path: path.to_owned(),
                source,
            }
        }
    }

    /// Bytes of the store's sorted data files: cheap to read, and what compaction rewrites.
    pub fn data_size(&self) -> u64 {
        sorted_files(&self.path)
            .filter_map(|(_, entry)| entry.metadata().ok())
            .map(|metadata| metadata.len())
            .sum()
    }

    /// Compacts the store's data files into one sorted run, for faster lookups. Interrupting it
    /// loses nothing: RocksDB replaces files only once their successors are written.
    pub fn compact(&self) -> Result<(), StoreError> {
        self.store
            .optimize()
            .map_err(|source| self.storage_error(source))
    }

    /// The error for a storage failure, classified (lock, permissions, other) like at opening.
    pub fn storage_error(&self, source: StorageError) -> StoreError {
        Self::classify(&self.path, source)
    }

    /// Replaces a named graph with `quads` (whose graph names are ignored), atomically.
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<(), StoreError> {
        let held = self
            .graph_quads(GraphNameRef::NamedNode(graph))
            .collect::<Result<Vec<_>, _>>()?;
        self.replace_graphs(
            [GraphRewrite {
                graph,
                held: &held,
                wanted: quads.iter().map(triple_of).collect(),
            }],
            &[],
        )?;
        Ok(())
    }

    /// Rewrites each graph of `rewrites` to hold its wanted quads (removing the graphs that are to
    /// hold none) and inserts `additions` (in their own graphs), all in one transaction. Returns
    /// how many quads were written (removed or inserted).
    ///
    /// A rewrite writes only the difference between what the graph holds and what it is to hold:
    /// a document ingested again unchanged costs a read of its graph and no write.
    pub fn replace_graphs<'a>(
        &self,
        rewrites: impl IntoIterator<Item = GraphRewrite<'a>>,
        additions: &[Quad],
    ) -> Result<usize, StoreError> {
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|e| self.storage_error(e))?;
        let mut written = additions.len();
        for rewrite in rewrites {
            let graph = rewrite.graph;
            if rewrite.wanted.is_empty() {
                written += rewrite.held.len();
                transaction
                    .remove_named_graph(graph)
                    .map_err(|e| self.storage_error(e))?;
                continue;
            }
            let held: HashSet<TripleRef<'_>> = rewrite.held.iter().map(triple_of).collect();
            let wanted = rewrite.wanted;
            // Removals first: a quad removed and inserted again (the same value written
            // differently) ends up stored.
            for triple in held.difference(&wanted) {
                transaction.remove(triple.in_graph(graph));
                written += 1;
            }
            for triple in wanted.difference(&held) {
                transaction.insert(triple.in_graph(graph));
                written += 1;
            }
        }
        for quad in additions {
            transaction.insert(quad);
        }
        transaction.commit().map_err(|e| self.storage_error(e))?;
        Ok(written)
    }

    /// Removes `removed` and inserts `inserted` (each in its own graph) in one transaction: after
    /// a crash, all of it is written or none. Removals come first, so a quad in both ends up
    /// stored. The transaction holds its writes in memory: callers keep them few.
    pub fn remove_and_insert<'a>(
        &self,
        removed: impl IntoIterator<Item = &'a Quad>,
        inserted: impl IntoIterator<Item = &'a Quad>,
    ) -> Result<(), StoreError> {
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|source| self.storage_error(source))?;
        for quad in removed {
            transaction.remove(quad);
        }
        for quad in inserted {
            transaction.insert(quad);
        }
        transaction
            .commit()
            .map_err(|source| self.storage_error(source))
    }

    /// Adds `quads` (in their own graphs) with oxigraph's bulk loader, in one atomic step: they
    /// are sorted into files and the files added to the store at once, without the write-ahead
    /// log, so a crash leaves all of them stored or none. `count` is how many quads `quads`
    /// yields, which sizes the loader's memory. Memory holds the loader's sorted copy of the
    /// quads: callers pass batches of a bounded size, and may make the quads as they are read.
    pub fn bulk_load(
        &self,
        quads: impl IntoIterator<Item = Quad>,
        count: usize,
    ) -> Result<(), StoreError> {
        let mut quads = quads.into_iter().peekable();
        if quads.peek().is_none() {
            return Ok(());
        }
        let mut loader = self
            .store
            .bulk_loader()
            .with_num_threads(1)
            // The loader splits its input into pieces of 1,000 quads per megabyte: room for twice
            // the batch keeps it in one piece, sorted and added at once.
            .with_max_memory_size_in_megabytes(1 + 2 * count / 1000);
        loader
            .load_quads(quads)
            .map_err(|source| self.storage_error(source))?;
        loader.commit().map_err(|source| self.storage_error(source))
    }

    /// The named graphs, sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut graphs = Vec::new();
        for graph in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(graph) = graph.map_err(|e| self.storage_error(e))? {
                graphs.push(graph);
            }
        }
        graphs.sort();
        Ok(graphs)
    }

    /// The quads of one graph, in the store's index order, streamed.
    pub fn graph_quads<'a>(
        &'a self,
        graph: GraphNameRef<'_>,
    ) -> impl Iterator<Item = Result<Quad, StoreError>> + 'a {
        self.store
            .quads_for_pattern(None, None, None, Some(graph))
            .map(|quad| quad.map_err(|e| self.storage_error(e)))
    }

    /// Number of quads in one graph.
    pub fn graph_len(&self, graph: GraphNameRef<'_>) -> Result<usize, StoreError> {
        let mut count = 0;
        for quad in self.graph_quads(graph) {
            quad?;
            count += 1;
        }
        Ok(count)
    }

    /// The named graphs that say `<graph> predicate object` of themselves, inside themselves: a
    /// document's graph names the document, its kind and its source file under its own IRI.
    pub fn graphs_saying_of_themselves(
        &self,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
    ) -> Result<Vec<NamedNode>, StoreError> {
        graphs_saying_of_themselves(&self.store, predicate, object)
            .map_err(|e| self.storage_error(e))
    }

    /// The source file a document graph names (`<doc> dg:sourceFile "name"` in graph `<doc>`),
    /// or `None` for a graph that names none or does not exist.
    pub fn source_file_of(&self, graph: &NamedNode) -> Result<Option<String>, StoreError> {
        let mut statements = self.store.quads_for_pattern(
            Some(graph.as_ref().into()),
            Some(crate::rdf::vocab::dg::SOURCE_FILE),
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        );
        match statements.next() {
            Some(Ok(quad)) => Ok(match quad.object {
                oxigraph::model::Term::Literal(name) => Some(name.value().to_owned()),
                _ => None,
            }),
            Some(Err(error)) => Err(self.storage_error(error)),
            None => Ok(None),
        }
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|e| self.storage_error(e))
    }

    /// True when the store holds nothing.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(|e| self.storage_error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_keeps_its_bound_of_open_files_where_the_process_may_open_more() {
        assert_eq!(open_files_within(20_000), STORE_OPEN_FILES);
        assert_eq!(open_files_within(u64::MAX), STORE_OPEN_FILES);
    }

    #[test]
    fn the_store_keeps_fewer_files_open_where_the_process_may_open_fewer() {
        // A macOS shell's default limit.
        assert_eq!(open_files_within(256), 208);
        // RocksDB raises a bound below its minimum of 20 to that minimum.
        assert_eq!(open_files_within(10), 0);
    }
}
