//! The flags that size and shape a sandbox's org, shared by `zcrm-tui sandbox` and `--demo`
//! (where they need `--demo`: a real org is not shaped).

use std::path::PathBuf;

use clap::Args;

use crate::sandbox::{Edition, SandboxOptions};

#[derive(Debug, Default, Clone, Args)]
pub struct ShapeArgs {
    /// Add N generated records to a module (repeatable), e.g. --generate Leads=50000: names,
    /// emails, companies, owners, dates over four years, picklist values, a few locked,
    /// relations to existing records.
    #[arg(long, value_name = "MODULE=N", value_parser = parse_generate)]
    pub generate: Vec<(String, usize)>,
    /// Seed of the generated records: the same seed gives the same records.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Edition of the org: free, standard, professional, enterprise or ultimate. Sets /org's
    /// license_details.paid_type, the concurrency limit (5/10/15/20/25; `sandbox
    /// --max-concurrency` overrides it) and the API credits per 24 hours.
    #[arg(long, value_name = "EDITION", value_parser = Edition::parse)]
    pub edition: Option<Edition>,
    /// Load the org from FILE instead of the built-in one: one JSON object with org, users,
    /// modules, contact_roles, records and relations (the shape of assets/sandbox/).
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
}

impl ShapeArgs {
    pub fn is_set(&self) -> bool {
        !self.generate.is_empty() || self.edition.is_some() || self.org.is_some()
    }

    /// `base` with this org shape.
    pub fn apply(&self, base: SandboxOptions) -> SandboxOptions {
        SandboxOptions {
            generate: self.generate.clone(),
            seed: self.seed,
            edition: self.edition,
            org_file: self.org.clone(),
            ..base
        }
    }
}

/// At most this many generated records per module: beyond it, memory, not realism, decides.
const MAX_GENERATED: usize = 1_000_000;

fn parse_generate(s: &str) -> Result<(String, usize), String> {
    let (module, n) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not MODULE=N, e.g. Leads=50000"))?;
    let module = module.trim();
    if module.is_empty()
        || !module
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!("`{module}` is not a module API name, e.g. Leads"));
    }
    let n: usize = n
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("`{n}` is not a number of records"))?;
    if n > MAX_GENERATED {
        return Err(format!(
            "{n} is more than {MAX_GENERATED} records per module"
        ));
    }
    Ok((module.to_string(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_takes_module_equals_count() {
        assert_eq!(parse_generate("Leads=50_000"), Ok(("Leads".into(), 50_000)));
        assert!(parse_generate("Leads").is_err());
        assert!(parse_generate("Le ads=3").is_err());
        assert!(parse_generate("Leads=many").is_err());
        assert!(parse_generate("Leads=2000000").is_err());
    }
}
