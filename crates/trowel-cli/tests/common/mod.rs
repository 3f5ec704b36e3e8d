//! What the CLI's integration tests share: running the built `trowel` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `trowel args…`, feeding `stdin` when given, and collects its output.
pub fn trowel(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trowel"));
    command.args(args);
    match stdin {
        Some(bytes) => {
            use std::io::Write;
            let mut child = command
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("trowel runs");
            child.stdin.take().expect("piped stdin").write_all(bytes).expect("stdin accepts the paste");
            child.wait_with_output().expect("trowel finishes")
        }
        None => command.output().expect("trowel runs"),
    }
}

/// A file under the repository's `fixtures/`.
// Each test file compiles its own copy of this module, and not every file reads fixtures.
#[allow(dead_code)]
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}
