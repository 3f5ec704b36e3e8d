#![no_main]
//! The yaml parser alone on arbitrary text; see `trowel_fuzz::parser`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| trowel_fuzz::parser(trowel_core::artifact::ArtifactKind::Yaml, data));
