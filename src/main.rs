//! The `diplograph` binary: parse the command line, run it, print errors with their causes.

use clap::Parser;
use std::process::ExitCode;

/// jemalloc on Linux, for the whole process: an ingest's workers allocate the quads its writer
/// frees, which glibc's allocator keeps spread over per-thread arenas (see Cargo.toml).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = diplograph::cli::Cli::parse();
    match diplograph::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`diplograph export | head`) is not a failure.
            let broken_pipe = error.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            let safe = |text: String| diplograph::cli::terminal_safe(&text).into_owned();
            eprintln!("error: {}", safe(error.to_string()));
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {}", safe(cause.to_string()));
            }
            ExitCode::from(1)
        }
    }
}
