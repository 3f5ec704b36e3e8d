//! The paste kept in this browser's local storage, so it survives a reload. It is never sent
//! anywhere; "Clear" (or the error panel's "reload without the paste") removes it.

use gloo::storage::{LocalStorage, Storage};

/// The storage key, shared with `web/boot.js` (which clears it from the error panel).
const KEY: &str = "trowel.paste";

/// The kept paste, or nothing.
pub fn load() -> String {
    LocalStorage::raw().get_item(KEY).ok().flatten().unwrap_or_default()
}

/// Keeps `paste`; `false` when the browser refused (a paste larger than its storage quota).
pub fn save(paste: &str) -> bool {
    let storage = LocalStorage::raw();
    if paste.is_empty() {
        return storage.remove_item(KEY).is_ok();
    }
    if storage.set_item(KEY, paste).is_ok() {
        return true;
    }
    // An older, smaller paste must not come back on reload in place of this one.
    let _ = storage.remove_item(KEY);
    false
}
