//! `[columns]`: which fields each module's record panes show, the name first.
//!
//! ```toml
//! [columns]
//! Leads = ["Full_Name", "Company", "Lead_Status", "Email", "Owner", "Modified_Time"]
//! ```

use crate::app::columns::{ColumnConfig, MAX_FIELDS};

use super::ConfigError;

/// The columns as written, checked: API names only, at most the API's 50 fields.
pub fn checked(columns: ColumnConfig, shown_path: &str) -> Result<ColumnConfig, ConfigError> {
    for (module, fields) in &columns {
        let hint = format!(
            "In {shown_path}, list API names of fields, the name first, e.g.\n\n[columns]\n\
             Leads = [\"Full_Name\", \"Company\", \"Lead_Status\", \"Email\"]"
        );
        if fields.is_empty() {
            return Err(ConfigError::new(
                format!("[columns] {module} lists no field"),
                hint,
            ));
        }
        if fields.len() > MAX_FIELDS - 2 {
            return Err(ConfigError::new(
                format!(
                    "[columns] {module} lists {} fields; at most {} fit in one read",
                    fields.len(),
                    MAX_FIELDS - 2
                ),
                hint,
            ));
        }
        if let Some(bad) = fields.iter().find(|f| !is_api_name(f)) {
            return Err(ConfigError::new(
                format!("[columns] {module}: `{bad}` is not a field's API name"),
                hint,
            ));
        }
    }
    Ok(columns)
}

fn is_api_name(f: &str) -> bool {
    !f.is_empty() && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::super::{EnvOverrides, demo_columns, resolve};
    use crate::cli::ConnectArgs;

    fn config(text: &str) -> (tempfile::TempDir, ConnectArgs) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let args = ConnectArgs {
            config: Some(path),
            ..Default::default()
        };
        (dir, args)
    }

    const PROFILE: &str = r#"
[profiles.prod]
data_center = "eu"
client_id = "1000.ABC"
client_secret = "s"
refresh_token = "t"
production = true
"#;

    #[test]
    fn columns_and_the_production_mark_come_from_the_file() {
        let text =
            format!("{PROFILE}\n[columns]\nLeads = [\"Full_Name\", \"Lead_Source\", \"Email\"]\n");
        let (_dir, args) = config(&text);
        let s = resolve(&args, &EnvOverrides::default()).unwrap();
        assert!(s.production);
        assert_eq!(
            s.columns.get("Leads").unwrap(),
            &["Full_Name", "Lead_Source", "Email"]
        );
        assert_eq!(
            demo_columns(&args).unwrap(),
            s.columns,
            "the demo reads them too"
        );
        let (_dir, args) = config(&PROFILE.replace("production = true", ""));
        let s = resolve(&args, &EnvOverrides::default()).unwrap();
        assert!(!s.production && s.columns.is_empty());
    }

    #[test]
    fn a_column_that_is_no_api_name_is_refused_with_an_example() {
        let text = format!("{PROFILE}\n[columns]\nDeals = [\"Deal Name\"]\n");
        let (_dir, args) = config(&text);
        let e = resolve(&args, &EnvOverrides::default()).unwrap_err();
        assert!(
            e.message.contains("`Deal Name` is not a field's API name"),
            "{e:?}"
        );
        assert!(e.hint.contains("[columns]"), "{e:?}");
        let (_dir, args) = config(&format!("{PROFILE}\n[columns]\nDeals = []\n"));
        let e = resolve(&args, &EnvOverrides::default()).unwrap_err();
        assert!(e.message.contains("lists no field"), "{e:?}");
    }
}
