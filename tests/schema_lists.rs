//! The schema publishes the closed lists of the record (table kinds, check rules, problem
//! codes) and describes every field. These tests keep those lists equal to what the catalogs
//! and the code can produce, so that they cannot drift apart. (That the sample records
//! validate against the schema is tested in tests/samples.rs.)

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/record.schema.json")).unwrap(),
    )
    .unwrap()
}

/// The `const`s of a `oneOf` list in `$defs`.
fn listed(def: &str) -> BTreeSet<String> {
    schema()["$defs"][def]["oneOf"]
        .as_array()
        .unwrap_or_else(|| panic!("$defs.{def} has no oneOf list"))
        .iter()
        .map(|v| {
            assert!(
                v["description"].is_string(),
                "{def}: {v} has no description"
            );
            v["const"].as_str().unwrap().to_string()
        })
        .collect()
}

fn catalog(name: &str) -> toml::Value {
    toml::from_str(&std::fs::read_to_string(root().join("catalog").join(name)).unwrap()).unwrap()
}

fn ids(cat: &toml::Value, section: &str) -> Vec<String> {
    cat[section]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("id").and_then(|i| i.as_str()).map(str::to_string))
        .collect()
}

/// All Rust source under `dir`, concatenated.
fn source(dir: &Path) -> String {
    let mut text = String::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        // main.rs is the CLI: log levels and such, no record fields.
        if e.path().extension().is_some_and(|x| x == "rs") && !e.path().ends_with("main.rs") {
            text += &std::fs::read_to_string(e.path()).unwrap();
        }
    }
    text
}

#[test]
fn table_kinds_are_the_catalog_ids() {
    let mut want: BTreeSet<String> = ids(&catalog("tables.toml"), "table").into_iter().collect();
    want.insert("unknown".into());
    assert_eq!(listed("table_kind"), want);
}

#[test]
fn check_rules_are_the_catalog_ids_and_the_built_in_rules() {
    let listed = listed("check_rule");
    let cat = catalog("validate.toml");
    let mut from_catalog = BTreeSet::new();
    for section in ["columns", "rows", "cross", "cross_lines"] {
        from_catalog.extend(ids(&cat, section));
    }
    let missing: Vec<_> = from_catalog.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "catalog rules not in the schema: {missing:?}"
    );
    let code = source(&root().join("src/validate"));
    for rule in listed.difference(&from_catalog) {
        assert!(
            code.contains(&format!("\"{rule}\"")),
            "the schema lists {rule}, which neither the catalog nor src/validate has"
        );
    }
    // Rule names written in the code as `rule: "…"` or built-in identity names.
    let re = regex::Regex::new(
        r#""((?:[a-z]+_)*eq_sum_of_[a-z_]+|two_sided\.[a-z_]+|prose\.[a-z_]+|form\.[a-z_]+)""#,
    )
    .unwrap();
    for c in re.captures_iter(&code) {
        assert!(
            listed.contains(&c[1]),
            "rule {} is not in the schema",
            &c[1]
        );
    }
}

#[test]
fn problem_codes_are_the_codes_the_code_writes() {
    let listed = listed("problem_code");
    let code = source(&root().join("src"));
    let re = regex::Regex::new(
        r#"(?s)(?:Problem::(?:error|warning)\(\s*|code: |\bwarning\(\s*|ReadError::\w+(?:\(_\))? => |LoadError::\w+(?:\(_\))? => |_ => )"([a-z_]+)""#,
    )
    .unwrap();
    let written: BTreeSet<String> = re.captures_iter(&code).map(|c| c[1].to_string()).collect();
    let missing: Vec<_> = written.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "problem codes not in the schema: {missing:?}"
    );
    for c in &listed {
        assert!(
            code.contains(&format!("\"{c}\"")),
            "the schema lists {c}, which no code writes"
        );
    }
}

#[test]
fn every_field_is_described() {
    fn walk(v: &Value, path: &str, bare: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            for (k, p) in props {
                let here = format!("{path}.{k}");
                if p.get("description").is_none() && p.get("$ref").is_none() {
                    bare.push(here.clone());
                }
                walk(p, &here, bare);
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(sub) = v.get(key).filter(|s| s.is_object()) {
                walk(sub, path, bare);
            }
        }
        for key in ["oneOf", "anyOf"] {
            for sub in v.get(key).and_then(Value::as_array).into_iter().flatten() {
                walk(sub, path, bare);
            }
        }
        if let Some(defs) = v.get("$defs").and_then(Value::as_object) {
            for (k, d) in defs {
                walk(d, &format!("$defs.{k}"), bare);
            }
        }
    }
    let mut bare = Vec::new();
    walk(&schema(), "", &mut bare);
    assert!(bare.is_empty(), "fields without a description: {bare:?}");
}
