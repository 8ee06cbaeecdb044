#![no_main]
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one body
#[path = "../bodies.rs"]
mod bodies;

fuzz_target!(|data: &[u8]| bodies::session(data));
