//! The `chyrak` command: arguments → library → messages and exit code. Nothing else.

mod cli;

/// mimalloc rather than glibc's allocator: a build allocates and frees millions of
/// small strings on every thread (docs/benchmark.md measures what it bought).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc 3.3 that libmimalloc-sys 0.1.49 builds
/// (`c_src/mimalloc/v3/include/mimalloc.h`; the crate names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Freed memory goes back to the system after 5 ms, not mimalloc's 1 s: at 10,000
    // pages × 3 the peak is 157 MB rather than 181 MB, and the build no slower.
    // SAFETY: sets a number in mimalloc's option table, before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 5) };
    std::process::exit(cli::run());
}
