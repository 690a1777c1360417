//! Layout variants of the truth tables (tests/fixtures/variants/, made by
//! tools/variants/make_variants.py: the hand-checked tables of tests/real_truth and samples/truth
//! rendered in randomised office layouts, each file with its truth `<file>.json` whose `variant`
//! records the layout choices). Every truth cell must be read exactly, except the tables listed
//! in tests/fixtures/variants/known_gaps.toml (only lower those numbers).
//! `UPDATE_VARIANT_GAPS=1` rewrites the list; `VARIANT_DETAILS=1` prints every difference.
//! For many seeds at once use scripts/variants_check.py (per-dimension summary).

mod truth_support;

#[test]
fn layout_variants_match_their_truth() {
    truth_support::check(&truth_support::Suite {
        dir: "tests/fixtures/variants",
        test: "variants",
        update_env: "UPDATE_VARIANT_GAPS",
        details_env: "VARIANT_DETAILS",
        min_files: 20,
    });
}
