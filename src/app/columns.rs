//! Which columns a records pane shows: per module, from the config's `[columns]` or from a
//! default chosen so that same-named records differ at a glance. The first column is the name.

use std::collections::BTreeMap;

use crate::zoho::{FieldMeta, LOCK_FIELDS, display_fields};

/// The config's `[columns]`: module API name -> field API names, the name first.
pub type ColumnConfig = BTreeMap<String, Vec<String>>;

/// The API's limit on `fields` in one read.
pub const MAX_FIELDS: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// API name of the field (`id` and the contact roles' own keys included).
    pub field: String,
    pub label: String,
    /// What the values are, as far as the field's name tells; shapes how they read.
    pub meta: FieldMeta,
}

impl Column {
    pub fn new(field: &str) -> Self {
        Self {
            field: field.to_string(),
            label: label(field),
            meta: guessed_meta(field),
        }
    }

    /// Numbers read right-aligned.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self.meta.data_type.as_str(),
            "currency" | "integer" | "double" | "bigint"
        )
    }
}

/// The default columns of `module`, most distinguishing first after the name: as many as the
/// width allows are shown, in this order.
fn defaults(module: &str) -> &'static [&'static str] {
    match module {
        "Leads" => &[
            "Full_Name",
            "Company",
            "Lead_Status",
            "Email",
            "Owner",
            "Modified_Time",
        ],
        "Contacts" => &[
            "Full_Name",
            "Account_Name",
            "Email",
            "Title",
            "Owner",
            "Modified_Time",
        ],
        "Accounts" => &[
            "Account_Name",
            "Billing_City",
            "Industry",
            "Website",
            "Owner",
            "Modified_Time",
        ],
        "Deals" => &[
            "Deal_Name",
            "Stage",
            "Account_Name",
            "Amount",
            "Closing_Date",
            "Owner",
            "Modified_Time",
        ],
        "Campaigns" => &[
            "Campaign_Name",
            "Status",
            "Type",
            "Start_Date",
            "End_Date",
            "Owner",
        ],
        "Products" => &[
            "Product_Name",
            "Product_Code",
            "Unit_Price",
            "Product_Active",
            "Owner",
            "Modified_Time",
        ],
        "Price_Books" => &[
            "Price_Book_Name",
            "Active",
            "Pricing_Model",
            "Owner",
            "Modified_Time",
        ],
        "Appointments" => &[
            "Appointment_Name",
            "Appointment_Start_Time",
            "Status",
            "Location",
            "Owner",
        ],
        "Services" => &[
            "Service_Name",
            "Price",
            "Duration",
            "Owner",
            "Modified_Time",
        ],
        "Tasks" => &[
            "Subject",
            "Status",
            "Due_Date",
            "Priority",
            "Owner",
            "Modified_Time",
        ],
        "Vendors" => &["Vendor_Name", "Email", "Owner", "Modified_Time"],
        _ => &["Name", "Owner", "Modified_Time"],
    }
}

/// The columns of `module`: the config's list when it has one, else the default.
pub fn columns_for(module: &str, config: &ColumnConfig) -> Vec<Column> {
    match config.get(module).filter(|c| !c.is_empty()) {
        Some(list) => list.iter().map(|f| Column::new(f)).collect(),
        None => defaults(module).iter().map(|f| Column::new(f)).collect(),
    }
}

/// The contact roles' columns (the Records pane in "Contact Roles" mode).
pub fn role_columns() -> Vec<Column> {
    let mut seq = Column::new("sequence_number");
    seq.label = "Seq".into();
    seq.meta.data_type = "integer".into();
    vec![Column::new("name"), seq]
}

/// What a browse read asks for: the module's display fields (the name, whatever the columns),
/// the columns, and whether the record is locked or awaiting approval (the API returns only the
/// fields asked for). Never more than the API's 50: the lock fields stay, columns beyond go.
pub fn browse_fields(module: &str, columns: &[Column]) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    let candidates = display_fields(module)
        .into_iter()
        .chain(columns.iter().map(|c| c.field.clone()))
        .filter(|f| f != "id");
    for f in candidates {
        if !fields.contains(&f) && fields.len() + LOCK_FIELDS.len() < MAX_FIELDS {
            fields.push(f);
        }
    }
    fields.extend(LOCK_FIELDS.iter().map(|f| f.to_string()));
    fields
}

fn label(field: &str) -> String {
    match field {
        "Full_Name" | "Name" | "name" => "Name".into(),
        "id" => "Id".into(),
        "Appointment_Start_Time" => "Starts".into(),
        "Modified_Time" => "Modified".into(),
        "Created_Time" => "Created".into(),
        "Account_Name" => "Account".into(),
        other => other.replace('_', " "),
    }
}

/// The field's type as its name tells (the browse panes do not load the field metadata): enough
/// for currencies, dates and booleans to read as such.
fn guessed_meta(field: &str) -> FieldMeta {
    let data_type = match field {
        "Amount" | "Unit_Price" | "Price" | "Annual_Revenue" | "Expected_Revenue"
        | "Budgeted_Cost" | "Actual_Cost" | "Grand_Total" | "Sub_Total" => "currency",
        "Probability" | "Employees" | "Duration" => "integer",
        "Active" | "Product_Active" | "Email_Opt_Out" => "boolean",
        f if f.ends_with("_Time") => "datetime",
        f if f.ends_with("_Date") => "date",
        "Owner" | "Created_By" | "Modified_By" => "ownerlookup",
        _ => "text",
    };
    FieldMeta {
        api_name: field.to_string(),
        label: label(field),
        data_type: data_type.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_chooses_the_columns_and_the_fields_asked_include_them() {
        let mut config = ColumnConfig::new();
        config.insert(
            "Leads".into(),
            vec!["Full_Name".into(), "Lead_Source".into()],
        );
        let cols = columns_for("Leads", &config);
        let names: Vec<&str> = cols.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(names, ["Full_Name", "Lead_Source"]);
        let fields = browse_fields("Leads", &cols);
        assert!(fields.contains(&"Lead_Source".to_string()));
        assert!(
            fields.contains(&"Last_Name".to_string()),
            "the name's parts stay"
        );
        for f in LOCK_FIELDS {
            assert!(fields.contains(&f.to_string()));
        }
        let deals = columns_for("Deals", &config);
        assert_eq!(deals[0].field, "Deal_Name");
        assert_eq!(deals[3].meta.data_type, "currency");
        assert_eq!(
            deals[1].field, "Stage",
            "deal names often hold the account's"
        );
    }

    #[test]
    fn never_more_than_50_fields_and_the_lock_fields_always() {
        let many: Vec<String> = (0..80).map(|i| format!("F{i}")).collect();
        let config = ColumnConfig::from([("Leads".to_string(), many)]);
        let fields = browse_fields("Leads", &columns_for("Leads", &config));
        assert_eq!(fields.len(), MAX_FIELDS);
        assert!(fields.ends_with(&LOCK_FIELDS.map(String::from)));
    }
}
