#![no_main]
//! Segmentation and every parser segmentation sends text to; see `trowel_fuzz::segment`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| trowel_fuzz::segment(data));
