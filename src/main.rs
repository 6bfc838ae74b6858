//! The `chyrak` command: arguments → library → messages and exit code. Nothing else.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
