#!/usr/bin/env python3
"""Time and memory of extraction on hostile text, at doubling sizes: is it linear, and how many
bytes of memory does each byte of text take?

Two kinds of text, each written at 0.25, 0.5, 1 and 2 MB (the default size limit):

- pieces: a random mix (fixed seed) of the fragments the extractors react to, the same ones the
  property test of tests/it/robustness.rs draws from (brackets, dates in both numeral systems,
  trigger words, names, white space, page furniture), with no paragraph structure to speak of;
- nested: `（“` repeated, a name, then `”）` as often: brackets and quotes nested a hundred
  thousand deep.

For each, `diplograph extract --format nquads` runs on the file (the whole extraction path,
without a store) and the table gives seconds, peak memory (resident set, from the kernel's
accounting of the child), memory per byte of text, triples, and the ratio of seconds to the
seconds at half the size: about 2 where time is linear in the text, 4 where it is quadratic.
The last columns are the peak memory of `diplograph ingest` of the same file into a new store,
and its memory per byte.

Run from the project folder, after `cargo build --release`:  python3 benches/hostile.py
"""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES_MB = [0.25, 0.5, 1.0, 2.0]


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    path = os.path.join(target, "release", "diplograph")
    if not os.path.exists(path):
        sys.exit(f"no release build at {path}: run `cargo build --release` first")
    return path


def pieces():
    """The fragments of the property test, read from its source."""
    with open(os.path.join(ROOT, "tests/it/robustness.rs"), encoding="utf-8") as source:
        text = source.read()
    block = text[text.index("const PIECES") : text.index("];", text.index("const PIECES"))]

    def unescape(piece):
        piece = re.sub(r"\\u\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), piece)
        return piece.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")

    found = [unescape(p) for p in re.findall(r'^\s*"((?:[^"\\]|\\.)*)",', block, re.M)]
    # NUL would make the file binary.
    return [piece for piece in found if "\0" not in piece]


def pieces_text(megabytes, fragments):
    rng = random.Random(1)
    out, size = [], 0
    while size < megabytes * 1_000_000:
        piece = rng.choice(fragments)
        out.append(piece)
        size += len(piece.encode())
    return "".join(out)


def nested_text(megabytes):
    depth = int(megabytes * 1_000_000 / 12)
    return "（“" * depth + "中方" + "”）" * depth


def peak_kb(arguments, stdout=subprocess.DEVNULL):
    """Seconds, peak resident kilobytes and exit status of one run (os.wait4 gives the resources
    of that one process)."""
    started = time.perf_counter()
    child = subprocess.Popen(arguments, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, status


def ingest_peak_kb(program, path, folder):
    """Peak resident kilobytes of an ingest of `path` into a new store."""
    store = os.path.join(folder, "store")
    shutil.rmtree(store, ignore_errors=True)
    _, peak, status = peak_kb([program, "--quiet", "ingest", "--store", store, "--max-file-size", "3", path])
    if status != 0:
        sys.exit(f"ingest failed on {path}")
    return peak


def run(program, path, folder):
    """Seconds, peak resident kilobytes and triples of one extraction."""
    output = os.path.join(folder, "out.nq")
    with open(output, "wb") as out:
        seconds, peak, status = peak_kb(
            [program, "--quiet", "extract", "--format", "nquads", "--max-file-size", "3", path],
            stdout=out,
        )
    if status != 0:
        sys.exit(f"extract failed on {path}")
    with open(output, "rb") as out:
        triples = sum(1 for _ in out)
    return seconds, peak, triples


def main():
    program = binary()
    fragments = pieces()
    print(
        f"{'text':8} {'MB':>5} {'seconds':>8} {'x half':>7} {'peak MB':>8} {'bytes/byte':>10} "
        f"{'triples':>9} {'ingest MB':>10} {'bytes/byte':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for kind, make in [("pieces", lambda mb: pieces_text(mb, fragments)), ("nested", nested_text)]:
            previous = None
            for megabytes in SIZES_MB:
                text = make(megabytes)
                path = os.path.join(folder, f"{kind}-{megabytes}.txt")
                with open(path, "w", encoding="utf-8") as file:
                    file.write(text)
                size = os.path.getsize(path)
                seconds, peak, triples = run(program, path, folder)
                ingest = ingest_peak_kb(program, path, folder)
                ratio = f"{seconds / previous:.2f}" if previous else "-"
                print(
                    f"{kind:8} {size / 1e6:5.2f} {seconds:8.2f} {ratio:>7} {peak / 1000:8.0f} "
                    f"{peak * 1000 / size:10.0f} {triples:>9} {ingest / 1000:10.0f} "
                    f"{ingest * 1000 / size:10.0f}",
                    flush=True,
                )
                previous = seconds


if __name__ == "__main__":
    main()
