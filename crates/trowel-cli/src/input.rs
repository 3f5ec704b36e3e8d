//! Reading the paste: a file or stdin, decoded as UTF-8 (lossily, with a warning).

use std::io::Read;

pub struct Input {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Errors that stop the CLI before analysis, each printed as one line.
#[derive(Debug)]
pub enum InputError {
    Missing(String),
    Unreadable(String, std::io::Error),
    Binary(String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Missing(path) => write!(f, "{path}: no such file"),
            InputError::Unreadable(path, error) => write!(f, "{path}: cannot read: {error}"),
            InputError::Binary(path) => write!(f, "{path}: not text (it looks like a binary file)"),
        }
    }
}

/// Reads `path` (or stdin for `-`).
pub fn read(path: &str) -> Result<Input, InputError> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| InputError::Unreadable("<stdin>".into(), e))?;
    } else {
        let p = std::path::Path::new(path);
        if !p.exists() {
            return Err(InputError::Missing(path.into()));
        }
        bytes = std::fs::read(p).map_err(|e| InputError::Unreadable(path.into(), e))?;
    }
    let name = if path == "-" { "<stdin>" } else { path };
    decode(name, bytes)
}

fn decode(name: &str, bytes: Vec<u8>) -> Result<Input, InputError> {
    let sample = &bytes[..bytes.len().min(8192)];
    let nuls = sample.iter().filter(|b| **b == 0).count();
    if !sample.is_empty() && nuls * 10 > sample.len() {
        return Err(InputError::Binary(name.into()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input { text, warnings: Vec::new() }),
        Err(error) => {
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let bad = text.matches('\u{FFFD}').count();
            Ok(Input { text, warnings: vec![format!("{name}: not valid UTF-8; {bad} invalid byte sequence(s) replaced with U+FFFD")] })
        }
    }
}
