//! The committed fixtures in tests/fixtures/ are exactly what tests/fixtures/gen.rs writes.
//! Regenerate: `REGENERATE_FIXTURES=1 cargo test --test records_fixtures`.

#[path = "fixtures/gen.rs"]
mod gen;

use std::path::PathBuf;

#[test]
fn committed_fixtures_match_the_generator() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let regenerate = std::env::var_os("REGENERATE_FIXTURES").is_some();
    for (name, bytes) in gen::all().into_iter().chain(gen::variants()) {
        let path = dir.join(&name);
        if regenerate {
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path)
            .unwrap_or_else(|_| panic!("{name} missing: run with REGENERATE_FIXTURES=1"));
        assert!(
            committed == bytes,
            "{name} differs from tests/fixtures/gen.rs: run with REGENERATE_FIXTURES=1"
        );
    }
}
