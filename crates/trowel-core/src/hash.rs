//! The hash maps and sets of the core and its exporters.
//!
//! Keys here are the paste's own names, ids and spans, hashed millions of times on a large
//! paste. std's default SipHash resists hash flooding, which a paste the user made themselves
//! does not need, and is slow on short keys (≈10% of metrics ingest) and large in wasm;
//! foldhash with a fixed seed is several times faster, smaller, and the same on every run, so
//! nothing can depend on a random seed.

/// A `HashMap` with the core's hasher; build it with `HashMap::default()`.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// A `HashSet` with the core's hasher; build it with `HashSet::default()`.
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
