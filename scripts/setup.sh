#!/bin/sh
# Installs what building and testing diplograph needs beyond the Rust toolchain, on Debian or
# Ubuntu: libclang and a C++20 compiler (oxigraph's RocksDB); make (jemalloc, the binary's
# allocator, is built with its own makefile); raptor's `rapper` and Python's
# rdflib (the tests check exports with these independent parsers), and pyshacl (they validate
# the export against ontology/shapes.ttl with it); Chromium and a font for
# Chinese (the page of `diplograph serve` is tested in a headless browser); and the oxigraph
# server and Virtuoso 7 (`diplograph push` is tested against both; the first a wheel from PyPI,
# or built with cargo where no wheel fits; the second Debian's package, whose own service is not
# used: the tests start it on free ports). Prints nothing when all is there. As root it installs
# system packages; otherwise it prints the exact command to run and stops.
set -eu

missing=""
command -v c++ >/dev/null 2>&1 || missing="$missing g++"
command -v make >/dev/null 2>&1 || missing="$missing make"
libclang=""
# The C library itself (libclang.so, libclang-14.so.1, ...), not the C++ one (libclang-cpp.so.14)
# that some machines carry without it: the bindings generator loads only the former.
for candidate in /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* \
    /usr/lib/*-linux-gnu/libclang.so* /usr/lib/*-linux-gnu/libclang-[0-9]*.so*; do
    [ -e "$candidate" ] && libclang=yes
done
[ -n "$libclang" ] || [ -n "${LIBCLANG_PATH:-}" ] || missing="$missing libclang-dev"

command -v rapper >/dev/null 2>&1 || missing="$missing raptor2-utils"
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ] \
    || missing="$missing fonts-noto-cjk"

if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing$missing" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "setup: diplograph's build and tests need:$missing" >&2
        echo "setup: install them with:  sudo apt-get install -y$missing" >&2
        exit 1
    fi
fi

if command -v python3 >/dev/null 2>&1; then
    if ! python3 -c 'import rdflib' >/dev/null 2>&1; then
        echo "setup: installing rdflib for python3" >&2
        python3 -m pip install --quiet rdflib >/dev/null 2>&1 \
            || python3 -m pip install --quiet --break-system-packages rdflib >/dev/null 2>&1 \
            || { echo "setup: install rdflib with:  python3 -m pip install rdflib" >&2; exit 1; }
    fi
    if ! python3 -c 'import pyshacl' >/dev/null 2>&1; then
        echo "setup: installing pyshacl for python3" >&2
        python3 -m pip install --quiet pyshacl >/dev/null 2>&1 \
            || python3 -m pip install --quiet --break-system-packages pyshacl >/dev/null 2>&1 \
            || { echo "setup: install pyshacl with:  python3 -m pip install pyshacl" >&2; exit 1; }
    fi
else
    echo "setup: the tests need python3 with rdflib:  sudo apt-get install -y python3 python3-rdflib" >&2
    exit 1
fi

if ! command -v oxigraph >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/oxigraph" ]; then
    # The server comes as a wheel from PyPI (the package `oxigraph`, the same 0.5.13 as the
    # library); cargo builds it from source only where no wheel fits this machine.
    echo "setup: installing the oxigraph server (oxigraph 0.5.13) with pip" >&2
    python3 -m pip install --quiet oxigraph==0.5.13 >/dev/null 2>&1 \
        || python3 -m pip install --quiet --break-system-packages oxigraph==0.5.13 >/dev/null 2>&1 \
        || cargo install --quiet --locked oxigraph-cli --version 0.5.13 --no-default-features --features rustls-webpki,rdf-12 \
        || { echo "setup: install the oxigraph server with:  python3 -m pip install oxigraph==0.5.13" >&2; exit 1; }
    command -v oxigraph >/dev/null 2>&1 || [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/oxigraph" ] \
        || { echo "setup: the oxigraph server was installed but is not on PATH; add pip's script folder to PATH" >&2; exit 1; }
fi
