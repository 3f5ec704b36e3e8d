#![no_main]
//! The whole analysis and the report's JSON; see `trowel_fuzz::analyze`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| trowel_fuzz::analyze(data));
