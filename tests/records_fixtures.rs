//! The committed fixtures in tests/fixtures/ are exactly what tests/fixtures/gen.rs and
//! tests/fixtures/real.rs (the back end's real layouts, in tests/fixtures/real/) write.
//! Regenerate: `REGENERATE_FIXTURES=1 cargo test --test records_fixtures`.

#[path = "fixtures/gen.rs"]
mod gen;
#[path = "ingest_fixtures/mod.rs"]
mod ingest_fixtures;
#[path = "fixtures/real.rs"]
mod real;

use std::path::PathBuf;

#[test]
fn committed_fixtures_match_the_generator() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let regenerate = std::env::var_os("REGENERATE_FIXTURES").is_some();
    let files = gen::all()
        .into_iter()
        .chain(gen::variants())
        .chain(real::all());
    for (name, bytes) in files {
        let path = dir.join(&name);
        if regenerate {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
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
