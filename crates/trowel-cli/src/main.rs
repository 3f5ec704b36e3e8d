//! `trowel`: analyze an incident paste from a file or stdin.
//!
//! ```text
//! trowel analyze incident.txt --format sarif > trowel.sarif
//! trowel facts incident.txt --format json
//! trowel redact paste.txt > shareable.txt
//! ```

use trowel_cli::{facts_output, input, redact_output, report_output};
use trowel_export::{markdown, mermaid, sarif, svg, visible};
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;
use std::mem::ManuallyDrop;

#[derive(Parser)]
#[command(name = "trowel", version, about = "Ops archaeology: what is this system, what is broken, what to do")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Diagnose a paste: what the system is, what is broken and why, what to do.
    Analyze {
        /// A file to read, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Print the artifacts and facts read off a paste.
    Facts {
        /// A file to read, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Replace the secrets of a paste (passwords, tokens, keys, Secret data) with
    /// `‹redacted:<kind>›`; text: the paste on stdout, one `line N: kind` per secret on stderr.
    Redact {
        /// A file to read, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// A terminal report with the evidence quoted line by line.
    Text,
    /// The report's JSON contract.
    Json,
    /// A postmortem- and chat-ready report.
    Markdown,
    /// The evidence graph as a Mermaid flowchart (facts folded into artifacts past 24 facts).
    Mermaid,
    /// The evidence graph as a standalone SVG drawing (folded like Mermaid).
    Svg,
    /// SARIF 2.1.0 for CI and code scanning: one result per diagnosis, located at its evidence.
    Sarif,
}

/// The formats of `facts` and `redact`.
#[derive(Clone, Copy, ValueEnum)]
enum TextOrJson {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze { file, format } => {
            let input = match read(&file) {
                Ok(input) => input,
                Err(code) => return code,
            };
            // `trowel_core::analyze`, with its facts and report left for the process's end
            // to reclaim: freeing a large paste's hundreds of thousands of allocations one
            // by one takes longer than writing the report.
            let ingest = ManuallyDrop::new(trowel_core::ingest(&input.text));
            let report = ManuallyDrop::new(trowel_core::infer::report(&input.text, &ingest));
            let out = match format {
                ReportFormat::Text => report_output::text(&report),
                ReportFormat::Json => {
                    let stdout = std::io::stdout().lock();
                    return match report_output::json(&report, std::io::BufWriter::new(stdout)) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(error) => {
                            eprintln!("trowel: cannot write the report: {error}");
                            ExitCode::FAILURE
                        }
                    };
                }
                ReportFormat::Markdown => markdown::render(&report),
                ReportFormat::Mermaid => mermaid::render(&report.graph, visible::folds_by_default(&report.graph)),
                ReportFormat::Svg => svg::render(&report.graph, visible::folds_by_default(&report.graph)),
                ReportFormat::Sarif => sarif::render(&report, if file == "-" { "stdin" } else { &file }),
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
        Command::Facts { file, format } => {
            let input = match read(&file) {
                Ok(input) => input,
                Err(code) => return code,
            };
            let ingest = trowel_core::ingest(&input.text);
            let out = match format {
                TextOrJson::Text => facts_output::text(&input.text, &ingest),
                TextOrJson::Json => facts_output::json(&input.text, &ingest),
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
        Command::Redact { file, format } => {
            let input = match read(&file) {
                Ok(input) => input,
                Err(code) => return code,
            };
            let redacted = trowel_core::redact::redact(&input.text);
            match format {
                TextOrJson::Text => {
                    eprint!("{}", redact_output::summary(&redacted));
                    print!("{}", redacted.text);
                }
                TextOrJson::Json => print!("{}", redact_output::json(&redacted)),
            }
            ExitCode::SUCCESS
        }
    }
}

/// Reads the input, printing decode warnings; on failure prints one line and gives exit 2.
fn read(file: &str) -> Result<input::Input, ExitCode> {
    match input::read(file) {
        Ok(input) => {
            for warning in &input.warnings {
                eprintln!("trowel: warning: {warning}");
            }
            Ok(input)
        }
        Err(error) => {
            eprintln!("trowel: {error}");
            Err(ExitCode::from(2))
        }
    }
}
