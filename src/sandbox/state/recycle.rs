//! The recycle bin: deleting, restoring, purging and listing deleted records.

use serde_json::{Map, Value};

use super::{DeletedInfo, OrgState};

impl OrgState {
    pub fn delete(&mut self, module: &str, id: &str, time: String, by: (String, String)) {
        if let Some(s) = self.records.get_mut(module).and_then(|m| m.get_mut(id)) {
            s.deleted = Some(DeletedInfo {
                time,
                by,
                purged: false,
            });
            self.bin.move_to_end((module.to_string(), id.to_string()));
        }
    }

    /// Changes when a record in the bin was deleted (tests age the bin with it).
    pub fn set_deleted_time(&mut self, module: &str, id: &str, time: &str) -> bool {
        match self
            .records
            .get_mut(module)
            .and_then(|m| m.get_mut(id))
            .and_then(|s| s.deleted.as_mut())
        {
            Some(d) => {
                d.time = time.to_string();
                true
            }
            None => false,
        }
    }

    /// Brings a record back from the bin (with its relations, which were only hidden).
    pub fn restore(&mut self, module: &str, id: &str) -> bool {
        let Some(s) = self.records.get_mut(module).and_then(|m| m.get_mut(id)) else {
            return false;
        };
        if s.deleted.as_ref().is_none_or(|d| d.purged) {
            return false;
        }
        s.deleted = None;
        self.bin.remove(&(module.to_string(), id.to_string()));
        true
    }

    /// Deletes a record from the recycle bin for good.
    pub fn purge(&mut self, module: &str, id: &str) -> bool {
        match self
            .records
            .get_mut(module)
            .and_then(|m| m.get_mut(id))
            .and_then(|s| s.deleted.as_mut())
        {
            Some(d) if !d.purged => {
                d.purged = true;
                true
            }
            _ => false,
        }
    }

    /// Deleted records, most recently deleted first; `purged` tells those gone for good.
    /// Borrowed: listing a page of a big bin copies nothing but that page.
    /// The fields of a record in the recycle bin (not purged), found by its id alone.
    pub fn binned(&self, module: &str, id: &str) -> Option<&Map<String, Value>> {
        let s = self.records.get(module)?.get(id)?;
        s.deleted.as_ref().filter(|d| !d.purged)?;
        Some(&s.fields)
    }

    pub fn bin(&self) -> impl Iterator<Item = (&str, &str, &Map<String, Value>, &DeletedInfo)> {
        self.bin.iter().rev().filter_map(|(m, id)| {
            let s = self.records.get(m)?.get(id)?;
            Some((m.as_str(), id.as_str(), &s.fields, s.deleted.as_ref()?))
        })
    }
}
