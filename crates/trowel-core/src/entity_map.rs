//! Maps and sets keyed by [`EntityId`], in id order, as plain vectors.
//!
//! Entity ids are dense indices into the paste's entity table, so a map keyed by them is a
//! vector of slots: no hashing, no tree, and iteration in id order (the order the rules need to
//! stay deterministic) for free. It replaced `BTreeMap<EntityId, _>` in the rules: every
//! B-tree key/value pair compiles its own node code (5–10 KB of wasm each, ~70 KB for ten
//! maps), where these slots compile to a few small loops per value type.
//!
//! Iterating or retaining walks every slot up to the largest id inserted, so a map suits
//! per-analysis tables (one walk per rule), not a map rebuilt per fact.

use crate::fact::EntityId;

/// A map from entity to `V`, iterated in id order.
#[derive(Debug, Clone)]
pub struct EntityMap<V> {
    slots: Vec<Option<V>>,
}

impl<V> Default for EntityMap<V> {
    fn default() -> Self {
        Self { slots: Vec::new() }
    }
}

impl<V> EntityMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, id: EntityId) -> Option<&V> {
        self.slots.get(id.0 as usize)?.as_ref()
    }

    pub fn get_mut(&mut self, id: EntityId) -> Option<&mut V> {
        self.slots.get_mut(id.0 as usize)?.as_mut()
    }

    pub fn contains(&self, id: EntityId) -> bool {
        self.get(id).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.values().next().is_none()
    }

    /// Sets the entity's value, returning the one it replaced.
    pub fn insert(&mut self, id: EntityId, value: V) -> Option<V> {
        self.slot(id).replace(value)
    }

    /// Takes the entity's value out.
    pub fn remove(&mut self, id: EntityId) -> Option<V> {
        self.slots.get_mut(id.0 as usize)?.take()
    }

    /// The entity's value, made by `make` if it has none yet.
    pub fn get_or_insert_with(&mut self, id: EntityId, make: impl FnOnce() -> V) -> &mut V {
        self.slot(id).get_or_insert_with(make)
    }

    /// Entities with a value and their values, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (EntityId, &V)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| Some((EntityId(i as u32), slot.as_ref()?)))
    }

    /// Entities with a value, in id order.
    pub fn keys(&self) -> impl Iterator<Item = EntityId> + '_ {
        self.iter().map(|(id, _)| id)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.slots.iter().flatten()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.slots.iter_mut().flatten()
    }

    /// Keeps the entries `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(EntityId, &mut V) -> bool) {
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if slot
                .as_mut()
                .is_some_and(|value| !keep(EntityId(i as u32), value))
            {
                *slot = None;
            }
        }
    }

    fn slot(&mut self, id: EntityId) -> &mut Option<V> {
        let at = id.0 as usize;
        if at >= self.slots.len() {
            self.slots.resize_with(at + 1, || None);
        }
        &mut self.slots[at]
    }
}

impl<V: Default> EntityMap<V> {
    /// The entity's value, a default one if it has none yet.
    pub fn get_or_default(&mut self, id: EntityId) -> &mut V {
        self.get_or_insert_with(id, V::default)
    }
}

/// A set of entities, iterated in id order.
#[derive(Debug, Clone, Default)]
pub struct EntitySet {
    members: EntityMap<()>,
}

impl EntitySet {
    pub fn insert(&mut self, id: EntityId) -> bool {
        self.members.insert(id, ()).is_none()
    }

    pub fn contains(&self, id: EntityId) -> bool {
        self.members.contains(id)
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl FromIterator<EntityId> for EntitySet {
    fn from_iter<I: IntoIterator<Item = EntityId>>(ids: I) -> Self {
        let mut set = Self::default();
        for id in ids {
            set.insert(id);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_in_id_order_whatever_the_insertion_order() {
        let mut map = EntityMap::new();
        for id in [7, 2, 9, 2] {
            *map.get_or_default(EntityId(id)) += 1;
        }
        assert_eq!(
            map.iter().map(|(id, n)| (id.0, *n)).collect::<Vec<_>>(),
            [(2, 2), (7, 1), (9, 1)]
        );
        assert_eq!(map.get(EntityId(3)), None);
        assert_eq!(map.get(EntityId(100)), None);
    }

    #[test]
    fn insert_replaces_and_retain_removes() {
        let mut map = EntityMap::new();
        assert_eq!(map.insert(EntityId(4), "a"), None);
        assert_eq!(map.insert(EntityId(4), "b"), Some("a"));
        map.insert(EntityId(1), "c");
        map.retain(|id, _| id.0 != 4);
        assert_eq!(map.keys().map(|id| id.0).collect::<Vec<_>>(), [1]);
        assert!(!map.contains(EntityId(4)));
    }

    #[test]
    fn a_set_reports_new_members() {
        let mut set: EntitySet = [EntityId(3)].into_iter().collect();
        assert!(!set.insert(EntityId(3)));
        assert!(set.insert(EntityId(0)));
        assert!(set.contains(EntityId(0)) && !set.contains(EntityId(1)));
    }
}
