//! The catalog of standard tables and column words, loaded from `catalog/*.toml` (data, not
//! code): table kinds with their title aliases and header words, column keys with aliases.
