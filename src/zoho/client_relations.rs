//! The client's calls on relations themselves: their own data (see `relations`), relinking
//! with it, and a deal's contact roles ("Get/Add/Remove Contact Roles of a Specific Deal").

use std::collections::BTreeMap;

use super::client::ZohoClient;
use super::error::ZohoError;
use super::fields::display_fields;
use super::relations::{self, CONTACT_ROLES, RelationData};
use super::types::{Record, Removal, RemovalReport, RunOptions};

impl ZohoClient {
    /// What the relations of `ids` carry themselves now (a member's status, a list price, a
    /// contact's role): the before-image of a delink that would lose it.
    pub async fn relation_data(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
        ids: &[String],
    ) -> Result<RelationData, ZohoError> {
        relations::read(
            self.transport(),
            self.base(),
            module,
            record_id,
            related_list,
            ids,
        )
        .await
    }

    /// Relate `ids` again, each with its relation data (none: a bare relation). `Removed` means
    /// "relinked".
    pub async fn relink_with_data(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
        ids: &[String],
        data: &RelationData,
        opts: RunOptions,
    ) -> Result<RemovalReport, ZohoError> {
        let plan = relations::plan_relink(self.base(), module, record_id, related_list, ids, data)?;
        self.run(plan, opts).await
    }

    /// `GET /Deals/{deal_id}/Contact_Roles`: the deal's contacts, each with its `Contact_Role`
    /// (`{"name","id"}`).
    pub async fn deal_contact_roles(&self, deal_id: &str) -> Result<Vec<Record>, ZohoError> {
        let mut fields = display_fields("Contacts");
        fields.push("Contact_Role".into());
        relations::all_related(
            self.transport(),
            self.base(),
            "Deals",
            deal_id,
            CONTACT_ROLES,
            fields,
        )
        .await
    }

    /// `DELETE /Deals/{deal_id}/Contact_Roles[/{contact_id}|?ids=..]`: the contacts stay, their
    /// role on the deal goes.
    pub async fn remove_deal_contact_roles(
        &self,
        deal_id: &str,
        contact_ids: &[String],
        opts: RunOptions,
    ) -> Result<RemovalReport, ZohoError> {
        self.remove(&deal_roles(deal_id, contact_ids), opts).await
    }

    /// `PUT /Deals/{deal_id}/Contact_Roles/{contact_id}` with
    /// `{"data":[{"Contact_Role":{"id":role_id}}]}`: give the contact a role on the deal.
    pub async fn set_deal_contact_role(
        &self,
        deal_id: &str,
        contact_id: &str,
        role_id: &str,
    ) -> Result<RemovalReport, ZohoError> {
        let mut own = serde_json::Map::new();
        own.insert("Contact_Role".into(), serde_json::json!({ "id": role_id }));
        let data: RelationData = BTreeMap::from([(contact_id.to_string(), own)]);
        let ids = [contact_id.to_string()];
        self.relink_with_data(
            "Deals",
            deal_id,
            CONTACT_ROLES,
            &ids,
            &data,
            RunOptions::default(),
        )
        .await
    }
}

/// Removing contacts' roles from a deal is a removal on the deal's `Contact_Roles` list, so it
/// is planned, journaled and undone as the delinks are.
pub fn deal_roles(deal_id: &str, contact_ids: &[String]) -> Removal {
    Removal::Delink {
        module: "Deals".into(),
        record_id: deal_id.into(),
        related_list: CONTACT_ROLES.into(),
        ids: contact_ids.to_vec(),
    }
}
