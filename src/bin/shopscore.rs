//! The `shopscore` command line: list rule sets, score an input, score the demo shop.
fn main() {
    eprintln!("shopscore: SKELETON");
    std::process::exit(1);
}
