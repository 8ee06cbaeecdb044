//! The built-in demo shop the page opens on and `shopscore demo` scores.

use crate::ShopInput;

pub fn demo_input() -> ShopInput {
    ShopInput::default() // SKELETON: filled by the scoring-core work (issue 2)
}
