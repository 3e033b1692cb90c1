//! Which fields are worth asking for and showing, per module. `GET /{module}` requires `fields`,
//! and asking for a handful keeps pages small over slow links.

/// Fields to request and show for `module`'s records (at most 50, the API's limit).
/// Unknown modules get `Name` and `Created_Time`, which custom modules have.
pub fn display_fields(module: &str) -> Vec<String> {
    let list: &[&str] = match module {
        "Leads" => &[
            "Full_Name",
            "First_Name",
            "Last_Name",
            "Email",
            "Company",
            "Owner",
            "Created_Time",
        ],
        "Contacts" => &[
            "Full_Name",
            "First_Name",
            "Last_Name",
            "Email",
            "Account_Name",
            "Owner",
            "Created_Time",
        ],
        "Accounts" => &["Account_Name", "Website", "Phone", "Owner", "Created_Time"],
        "Deals" => &[
            "Deal_Name",
            "Stage",
            "Amount",
            "Closing_Date",
            "Account_Name",
            "Owner",
            "Created_Time",
        ],
        "Campaigns" => &[
            "Campaign_Name",
            "Type",
            "Status",
            "Start_Date",
            "Owner",
            "Created_Time",
        ],
        "Products" => &[
            "Product_Name",
            "Product_Code",
            "Unit_Price",
            "Owner",
            "Created_Time",
        ],
        "Price_Books" => &["Price_Book_Name", "Active", "Owner", "Created_Time"],
        "Appointments" => &[
            "Appointment_Name",
            "Appointment_Start_Time",
            "Status",
            "Owner",
            "Created_Time",
        ],
        "Services" => &["Service_Name", "Price", "Duration", "Owner", "Created_Time"],
        "Tasks" => &["Subject", "Status", "Due_Date", "Owner", "Created_Time"],
        "Vendors" => &["Vendor_Name", "Email", "Owner", "Created_Time"],
        _ => &["Name", "Created_Time"],
    };
    list.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_module_asks_for_its_name_field() {
        for (module, name) in [
            ("Leads", "Full_Name"),
            ("Contacts", "Last_Name"),
            ("Accounts", "Account_Name"),
            ("Deals", "Deal_Name"),
            ("Campaigns", "Campaign_Name"),
            ("Products", "Product_Name"),
            ("Price_Books", "Price_Book_Name"),
            ("Appointments", "Appointment_Name"),
            ("Services", "Service_Name"),
            ("Tasks", "Subject"),
            ("My_Custom", "Name"),
        ] {
            let f = display_fields(module);
            assert!(f.iter().any(|x| x == name), "{module}");
            assert!(f.len() <= 50);
        }
    }
}
