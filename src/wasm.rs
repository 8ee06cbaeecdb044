//! The one wasm-bindgen file: thin bindings over the core's own types, errors mapped once.
