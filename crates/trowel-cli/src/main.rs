//! `trowel`: analyze an incident paste from a file or stdin.
//!
//! ```text
//! trowel facts seeds/incident.txt --format json
//! ```

use trowel_cli::{facts_output, input};
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "trowel", version, about = "Ops archaeology: what is this system, what is broken, what to do")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the artifacts and facts read off a paste.
    Facts {
        /// A file to read, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, value_enum, default_value_t = FactsFormat::Text)]
        format: FactsFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FactsFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Facts { file, format } => {
            let input = match input::read(&file) {
                Ok(input) => input,
                Err(error) => {
                    eprintln!("trowel: {error}");
                    return ExitCode::from(2);
                }
            };
            let ingest = trowel_core::ingest(&input.text);
            let out = match format {
                FactsFormat::Text => facts_output::text(&input.text, &ingest),
                FactsFormat::Json => facts_output::json(&input.text, &ingest),
            };
            for warning in &input.warnings {
                eprintln!("trowel: warning: {warning}");
            }
            print!("{out}");
            ExitCode::SUCCESS
        }
    }
}
