#!/usr/bin/env python3
"""Corpus-scale benchmark of diplograph, with the oxigraph bulk loader as the floor.

Builds a corpus of distinct files from the bundled sample documents (copies under distinct
names, about --megabytes of text), then measures on this machine, with the release binary:

- ingest: seconds, MB/s, documents/s, triples/s, peak memory (resident set of the process), and
  on Linux the peak in each quarter of the run with the most sorted files the store held open;
- the same ingest with one job (`--jobs 1`), into a store of its own, with the ratio of the
  default (a job a core) to it;
- ingest of six files at the default size limit (2 MB), into a store of their own: seconds and
  peak memory, which the size of the files could raise, not the size of the corpus;
- compaction of the store (`diplograph compact`), as ingest advises after a run this large;
- every bundled query on the store just compacted, as a user who has built the store meets it:
  seconds at that scale, the first run (from an emptied page cache with --cold), then again
  (best of three); with --plans, once more as the store alone sorts it (`--plan store-order`) and
  as oxigraph alone runs it (`--plan plain`), with the ratio of each to the best run;
- export of the whole store as N-Quads: seconds and MB/s;
- the floors: `oxigraph load` of diplograph's own N-Quads export into a new store, with the ratio
  of ingest time to it; `oxigraph dump` of the same store (how fast the store can be read), with
  the ratio of export time to it;
- ingest again of a fifth of the files, unchanged, and of a twentieth, each cut to two thirds:
  their documents are then replaced in transactions that write what changed, not bulk-loaded:
  seconds, MB/s and peak memory.

First of all, every bundled query on a store of the sample documents alone, as a new user meets
it (`diplograph ingest samples/zh`): the median and the slowest of 15 runs, each a new process,
beside the start of the program with the opening of the store (`ASK {}`). The runs go in rounds
of one run of each query, so that a slow spell of the machine does not fall on one query alone;
on Linux, the share of the processors' time that the host of a virtual machine took from it
during the runs follows ("steal"), which slows them all; the same share over the whole run ends
the table.

Each figure is printed as soon as it is measured.

Run from the project folder:  python3 benches/corpus.py [--megabytes 100] [--keep DIR]
The ingest alone, for its memory at larger sizes:  python3 benches/corpus.py --megabytes 500 --ingest-only
With --trace FILE, the ingest's memory and open sorted files, second by second, go to FILE.
Only the queries, on a store already built (kept by --keep):  python3 benches/corpus.py --store DIR
Only the queries on the sample documents:  python3 benches/corpus.py --samples-only
With --cold, the page cache is emptied before each query's first run (Linux, as root), so that
the first figure is a read from disk whatever ran before.
It needs a release build (`cargo build --release`) and, for the floor, the oxigraph server's
command line (`oxigraph`, installed by scripts/setup.sh).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NEWLINE = b"\n"
WARM_RUNS = 3
SAMPLE_RUNS = 15
LARGE_FILES = 6
# The plans a query is measured in beside the one the commands use (`diplograph query --plan`).
PLANS = ("store-order", "plain")
PARAMETERS = {"mentions": ["--param", "entity=习近平"], "places": ["--param", "place=塔什干"]}


def binary(chosen=None):
    target = Path(os.environ.get("CARGO_TARGET_DIR", PROJECT / "target"))
    path = Path(chosen) if chosen else target / "release" / "diplograph"
    if not path.exists():
        sys.exit(f"no release binary at {path}: run `cargo build --release` first")
    return str(path)


def oxigraph():
    found = shutil.which("oxigraph")
    installed = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "bin" / "oxigraph"
    return found or (str(installed) if installed.exists() else None)


def resident_megabytes(pid):
    """The resident memory of a running process in MB (Linux), or None."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def open_sorted_files(pid):
    """How many of the store's sorted files (`*.sst`) a running process holds open (Linux)."""
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    count = 0
    for descriptor in descriptors:
        try:
            count += os.readlink(f"/proc/{pid}/fd/{descriptor}").endswith(".sst")
        except OSError:
            pass
    return count


def timed(command, must_succeed=True, limit=None, trace=None, store=None, **kwargs):
    """Runs a command; returns (seconds, peak resident memory of the command in MB, stdout), or
    None for a command allowed to fail that failed or ran past `limit` seconds. With a list as
    `trace`, appends to it every second (seconds, resident MB, sorted files open, sorted files in
    the folder `store`) while it runs.
    What earlier steps wrote is flushed to disk first, so that no step pays for the writes of the
    one before (an export right after a compaction was a quarter slower without it)."""
    os.sync()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, **kwargs)
        polling = limit is not None or trace is not None
        next_sample = 0.0
        # wait4 gives the resources of this one process: its own peak memory, not the largest so far.
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG if polling else 0)
            seconds = time.perf_counter() - started
            if pid:
                break
            if limit is not None and seconds > limit:
                process.kill()
                os.wait4(process.pid, 0)
                return None
            if trace is not None and seconds >= next_sample:
                in_folder = sum(1 for _ in store.glob("*.sst")) if store is not None else None
                trace.append((seconds, resident_megabytes(process.pid), open_sorted_files(process.pid), in_folder))
                next_sample = seconds + 1.0
            time.sleep(0.01)
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if process.returncode != 0:
        message = f"{' '.join(command)} failed (exit {process.returncode}):\n{errors.decode(errors='replace')}"
        if must_succeed:
            sys.exit(message)
        print(message, file=sys.stderr)
        return None
    return seconds, usage.ru_maxrss / 1024, output


def memory_by_quarter(trace, store):
    """What a traced run's memory did over time: the peak resident memory in each quarter of the
    run (a bounded process levels off; one that holds what it reads keeps rising), and the most
    sorted files it held open beside those the store folder holds at the end."""
    samples = [(seconds, megabytes, files) for seconds, megabytes, files, _ in trace if megabytes is not None]
    if len(samples) < 4:
        return "too short to trace"
    end = samples[-1][0]
    quarters = [max((megabytes for seconds, megabytes, _ in samples
                     if end * quarter / 4 <= seconds <= end * (quarter + 1) / 4), default=0)
                for quarter in range(4)]
    open_files = max((files for _, _, files in samples if files is not None), default=None)
    in_folder = sum(1 for path in store.glob("*.sst"))
    text = "peak by quarter of the run " + " / ".join(f"{megabytes:.0f}" for megabytes in quarters) + " MB"
    if open_files is not None:
        text += f"; at most {open_files} sorted files open, {in_folder} in the store at the end"
    return text


def write_trace(path, trace):
    """The samples of a traced run as a table: seconds, resident MB, sorted files open, sorted
    files in the store's folder."""
    def cell(value):
        return "" if value is None else f"{value:.0f}"
    with path.open("w") as out:
        out.write("seconds\tresident_mb\tsorted_files_open\tsorted_files_in_store\n")
        for seconds, megabytes, files, in_folder in trace:
            out.write(f"{seconds:.1f}\t{cell(megabytes)}\t{cell(files)}\t{cell(in_folder)}\n")


def duration(seconds):
    """A time as the table writes it: milliseconds below a tenth of a second."""
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds:.2f} s"


class Rows(list):
    """The benchmark's table, each row printed as it is added: a long run shows what it has."""

    WIDTH = 48

    def append(self, row):
        super().append(row)
        name, seconds, detail = row
        # A row without a time of its own (a trace, a step not measured) shows a dash.
        time = "—" if seconds != seconds else duration(seconds)
        print(f"{name:<{self.WIDTH}}  {time:>10}  {detail}", flush=True)


def build_corpus(folder, megabytes):
    samples = sorted((PROJECT / "samples" / "zh").glob("*.txt"))
    texts = [(path.name, path.read_bytes()) for path in samples]
    target = megabytes * 1_000_000
    written, copy = 0, 0
    while written < target:
        for name, data in texts:
            (folder / f"copy-{copy:06d}-{name}").write_bytes(data)
            written += len(data)
        copy += 1
    return written, copy * len(texts)


def build_large_files(folder, count, megabytes):
    """`count` files of just under `megabytes` each, every one many copies of the first sample
    statement (one document each): files at the size limit ingest admits by default."""
    statement = sorted((PROJECT / "samples" / "zh").glob("*.txt"))[0].read_bytes() + NEWLINE
    copies = int(megabytes * 1_000_000) // len(statement)
    for number in range(count):
        (folder / f"large-{number:02d}.txt").write_bytes(statement * copies)
    return count * copies * len(statement)


def measure_large_files(program, work, rows):
    """Ingests files at the default size limit (2 MB) into a store of their own: the memory of
    extraction follows the size of the files in flight, which ingest bounds."""
    folder, store = work / "large", work / "large-store"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    folder.mkdir()
    size = build_large_files(folder, LARGE_FILES, 1.95)
    trace = []
    seconds, memory, _ = timed([program, "--quiet", "--store", str(store), "ingest", str(folder)], trace=trace, store=store)
    rows.append((f"ingest of {LARGE_FILES} files of {size / LARGE_FILES / 1e6:.2f} MB", seconds,
                 f"{size / 1e6 / seconds:.2f} MB/s, peak {memory:.0f} MB; {memory_by_quarter(trace, store)}"))
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)


def measure_jobs(program, work, corpus, all_cores_seconds, rows):
    """The same ingest with one job (`--jobs 1`), into a store of its own: how much the jobs on
    the other cores take off the wall time."""
    cores = os.cpu_count() or 1
    if cores < 2:
        rows.append(("ingest --jobs 1", float("nan"), "not measured: one core"))
        return
    store = work / "store-one-job"
    shutil.rmtree(store, ignore_errors=True)
    seconds, memory, _ = timed([program, "--quiet", "--store", str(store), "ingest", "--jobs", "1", str(corpus)])
    rows.append(("ingest --jobs 1", seconds,
                 f"peak {memory:.0f} MB; with {cores} jobs (the default) {all_cores_seconds / seconds:.2f} "
                 f"times as long"))
    shutil.rmtree(store, ignore_errors=True)


def empty_page_cache():
    """Drops the kernel's clean page cache, so that the next read comes from disk."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as control:
            control.write("3\n")
    except OSError as error:
        sys.exit(f"--cold needs to empty the page cache (Linux, as root): {error}")


def measure_queries(program, store, rows, arguments):
    """Times every bundled query: a first run (from an emptied page cache with --cold), then
    three more with the store in the page cache."""
    queries = subprocess.run([program, "queries"], capture_output=True, text=True).stdout.splitlines()[2:]
    for line in queries:
        name = line.split()[0]
        command = [program, "--store", str(store), "query", name, "--format", "csv", *PARAMETERS.get(name, [])]
        if arguments.cold:
            empty_page_cache()
        first = timed(command, must_succeed=False, limit=arguments.query_limit)
        if first is None:
            rows.append((f"query {name}", float("nan"), f"did not finish within {arguments.query_limit} s"))
            continue
        # From the page cache: the best of three runs, the figure least disturbed by whatever else
        # the machine does (the spread of the three is printed too).
        again = [timed(command, must_succeed=False, limit=arguments.query_limit) for _ in range(WARM_RUNS)]
        seconds = sorted(run[0] for run in again if run)
        again_text = (f"{duration(seconds[0])} (best of {WARM_RUNS}, slowest {duration(seconds[-1])})"
                      if len(seconds) == WARM_RUNS else "unfinished")
        results = first[2].count(NEWLINE) - 1
        plans_text = ""
        if seconds and arguments.plans:
            # The same query as the store alone would sort it, and as oxigraph alone would run it,
            # once each with the store in the page cache: what the accelerators save, as a ratio
            # to the best accelerated run.
            for plan in PLANS:
                run = timed([*command, "--plan", plan], must_succeed=False, limit=arguments.query_limit)
                plans_text += (f", {plan} {duration(run[0])} ({run[0] / seconds[0]:.2f}×)" if run
                               else f", {plan} over {arguments.query_limit} s")
        rows.append((f"query {name}", first[0],
                     f"again {again_text}{plans_text}, {results} rows, peak {first[1]:.0f} MB"))


def measure_samples(program, work, rows):
    """Times every bundled query on a store of the sample documents: the median and slowest of
    SAMPLE_RUNS runs, each a new process as from the command line, in rounds of one run each."""
    store = work / "samples-store"
    shutil.rmtree(store, ignore_errors=True)
    timed([program, "--quiet", "--store", str(store), "ingest", str(PROJECT / "samples" / "zh")])
    queries = subprocess.run([program, "queries"], capture_output=True, text=True).stdout.splitlines()[2:]
    commands = [("samples: start and open (ASK {})", [program, "--store", str(store), "query", "--sparql", "ASK {}"])]
    for line in queries:
        name = line.split()[0]
        commands.append((f"samples: query {name}", [program, "--store", str(store), "query", name,
                                                    "--format", "csv", *PARAMETERS.get(name, [])]))
    # In rounds, each command once a round: a slow spell of the machine (another virtual machine
    # on the same host) then slows every command alike instead of all the runs of one.
    seconds = {label: [] for label, _ in commands}
    before = processor_ticks()
    for _ in range(SAMPLE_RUNS):
        for label, command in commands:
            seconds[label].append(timed(command)[0])
    after = processor_ticks()
    for label, _ in commands:
        runs = sorted(seconds[label])
        median = runs[len(runs) // 2]
        rows.append((label, median, f"median of {SAMPLE_RUNS}, slowest {duration(runs[-1])}"))
    if before and after:
        rows.append(("samples: processor time taken by the host", float("nan"),
                     f"{host_share(before, after)} of the time of the runs above"))
    shutil.rmtree(store, ignore_errors=True)


def processor_ticks():
    """The processors' time so far by state, from /proc/stat (Linux: user, nice, system, idle,
    iowait, irq, softirq, steal, ...), or None elsewhere."""
    try:
        with open("/proc/stat") as stat:
            return [int(field) for field in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def host_share(before, after):
    """The share of the processors' time that the host took between two readings of
    processor_ticks(). A virtual machine's processors are shared with others on the host: the time
    the host gave them ("steal") slows every run, and says how far the figures are from a quiet
    machine's."""
    total = sum(after) - sum(before)
    stolen = after[7] - before[7] if len(after) > 7 else 0
    return f"{100 * stolen / total:.1f}%" if total else "unknown"


def cut_to_two_thirds(data):
    """The lines of a file up to two thirds of its bytes."""
    end = data.rfind(NEWLINE, 0, len(data) * 2 // 3)
    return data[: end + 1] if end >= 0 else data


def ingest_again(program, store, work, chosen, rows, how, edit=None):
    """Ingests `chosen` files of the corpus again, under the same names, edited by `edit`."""
    again = work / "again"
    shutil.rmtree(again, ignore_errors=True)
    again.mkdir()
    for path in chosen:
        if edit:
            (again / path.name).write_bytes(edit(path.read_bytes()))
        else:
            (again / path.name).symlink_to(path)
    size = sum(path.stat().st_size for path in again.iterdir())
    seconds, memory, _ = timed([program, "--quiet", "--store", str(store), "ingest", str(again)])
    rows.append((f"ingest again ({len(chosen)} files, {how})", seconds,
                 f"{size / 1e6 / seconds:.2f} MB/s, peak {memory:.0f} MB"))
    shutil.rmtree(again, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=100, help="size of the corpus (100)")
    parser.add_argument("--keep", help="build in this folder and keep it")
    parser.add_argument("--query-limit", type=int, default=300,
                        help="seconds after which a query is stopped and reported as unfinished (300)")
    parser.add_argument("--store", help="only time the bundled queries, on this store")
    parser.add_argument("--binary", help="measure this diplograph binary instead of the release build "
                        "(to compare two builds on the same machine)")
    parser.add_argument("--plans", action="store_true",
                        help="time each bundled query also as the store sorts it and as oxigraph alone runs it")
    parser.add_argument("--samples-only", action="store_true",
                        help="only time the bundled queries on a store of the sample documents")
    parser.add_argument("--ingest-only", action="store_true",
                        help="measure the ingest alone (memory at sizes where the other steps take hours)")
    parser.add_argument("--cold", action="store_true",
                        help="empty the page cache before each query's first run (Linux, as root)")
    parser.add_argument("--trace", help="write the ingest's memory and open sorted files, second by "
                                        "second, to this file (tab-separated)")
    arguments = parser.parse_args()
    program = binary(arguments.binary)
    if arguments.cold:
        empty_page_cache()
    if arguments.store:
        rows = Rows()
        measure_queries(program, Path(arguments.store), rows, arguments)
        return
    work = Path(arguments.keep) if arguments.keep else Path(tempfile.mkdtemp(prefix="diplograph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if arguments.samples_only:
        measure_samples(program, work, Rows())
        finish(work, arguments)
        return
    corpus, store, export = work / "corpus", work / "store", work / "export.nq"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    corpus.mkdir()
    size, files = build_corpus(corpus, arguments.megabytes)
    print(f"corpus: {files} files, {size / 1e6:.1f} MB, in {corpus}", flush=True)
    print(f"machine: {os.cpu_count()} cores; {os.uname().sysname} {os.uname().release}\n", flush=True)
    rows = Rows()
    run_began = processor_ticks()
    measure_samples(program, work, rows)

    trace = []
    seconds, memory, _ = timed([program, "--quiet", "--store", str(store), "ingest", str(corpus)], trace=trace,
                                store=store)
    documents = subprocess.run([program, "--store", str(store), "query", "--format", "csv", "--sparql",
                                "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/diplograph/ontology#Document> }"],
                               capture_output=True, text=True).stdout.split()[1]
    triples = subprocess.run([program, "--store", str(store), "query", "--format", "csv", "--sparql",
                              "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
                             capture_output=True, text=True).stdout.split()[1]
    documents, triples = int(documents), int(triples)
    print(f"\n{documents} documents, {triples:,} triples in named graphs", flush=True)
    ingest_seconds = seconds
    rows.append(("ingest", seconds, f"{size / 1e6 / seconds:.2f} MB/s, {documents / seconds:.0f} documents/s, "
                        f"{triples / seconds:,.0f} triples/s, peak {memory:.0f} MB"))
    rows.append(("ingest: memory over time", float("nan"), memory_by_quarter(trace, store)))
    if arguments.trace:
        write_trace(Path(arguments.trace), trace)
    measure_jobs(program, work, corpus, ingest_seconds, rows)
    measure_large_files(program, work, rows)
    if arguments.ingest_only:
        finish(work, arguments)
        return

    seconds, memory, _ = timed([program, "--quiet", "--store", str(store), "compact"])
    compact_seconds = seconds
    rows.append(("compact (queries below run after it)", seconds, f"peak {memory:.0f} MB"))

    # The queries before the export: the export writes a file twice the size of the store, which
    # pushes part of the store out of the page cache (--cold times them from disk, if wanted).
    measure_queries(program, store, rows, arguments)

    seconds, memory, _ = timed([program, "--quiet", "--store", str(store), "export", "--format", "nquads",
                                "--output", str(export)])
    export_seconds = seconds
    rows.append(("export (N-Quads)", seconds,
                 f"{export.stat().st_size / 1e6 / seconds:.2f} MB/s, peak {memory:.0f} MB"))

    floor = oxigraph()
    if floor:
        dumped = work / "dump.nq"
        seconds, memory, _ = timed([floor, "dump", "--location", str(store), "--file", str(dumped)])
        rows.append(("floor: oxigraph dump of the store", seconds,
                     f"{dumped.stat().st_size / 1e6 / seconds:.2f} MB/s, peak {memory:.0f} MB; "
                     f"export takes {export_seconds / seconds:.2f} times as long"))
        dumped.unlink()
        loaded = work / "oxigraph-store"
        shutil.rmtree(loaded, ignore_errors=True)
        seconds, memory, _ = timed([floor, "load", "--location", str(loaded), "--file", str(export)])
        rows.append(("floor: oxigraph load of the export", seconds,
                     f"{triples / seconds:,.0f} triples/s, peak {memory:.0f} MB; "
                     f"ingest takes {ingest_seconds / seconds:.2f} times as long, "
                     f"{(ingest_seconds + compact_seconds) / seconds:.2f} with compaction"))
    else:
        rows.append(("floor: oxigraph load", float("nan"), "not measured: `oxigraph` is not installed"))

    # Files ingested again replace their documents in transactions that write only what changed:
    # a fifth of the corpus unchanged, under the same names, then a twentieth with each file cut
    # to its first two thirds (documents that lose their later facts and change their counts).
    ingest_again(program, store, work, sorted(corpus.iterdir())[: max(1, files // 5)], rows, "unchanged")
    ingest_again(program, store, work, sorted(corpus.iterdir())[-max(1, files // 20):], rows,
                 "each cut to two thirds", edit=cut_to_two_thirds)
    run_ended = processor_ticks()
    if run_began and run_ended:
        rows.append(("processor time taken by the host", float("nan"),
                     f"{host_share(run_began, run_ended)} of the time of the whole run"))

    finish(work, arguments)


def finish(work, arguments):
    """Removes the corpus and the store unless --keep asked for them."""
    if not arguments.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
