//! Trowel's report as files people share, starting with the evidence graph's layered layout,
//! which the browser app draws from. Pure functions of `trowel_core`'s plain report; no IO.

#![forbid(unsafe_code)]

pub mod layout;
pub mod visible;

#[cfg(any(test, feature = "sample"))]
pub mod sample;
