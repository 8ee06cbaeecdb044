//! The README's rule table and docs/rules.md's rule-set table say what the data says.

use shopscore::rules;

/// The rows of the markdown table whose header starts with `header`.
fn table_rows(text: &str, header: &str) -> Vec<Vec<String>> {
    let start = text
        .find(header)
        .unwrap_or_else(|| panic!("no table {header}"));
    text[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

fn number(x: f64) -> String {
    format!("{x}")
}

#[test]
fn readme_rule_table_matches_the_rule_data() {
    let readme = include_str!("../README.md");
    let rows = table_rows(
        readme,
        "| id | name | scale | in force | confidence | built from |",
    );
    let sets = rules::rule_sets();
    assert_eq!(rows.len(), sets.len(), "one row per rule set");
    for (row, set) in rows.iter().zip(&sets) {
        assert_eq!(row[0], format!("`{}`", set.id));
        assert_eq!(row[1], set.zh, "{}", set.id);
        assert_eq!(
            row[2],
            format!("{}–{}", number(set.scale_min), number(set.scale_max))
        );
        let in_force = match (&set.in_force_from, &set.in_force_to) {
            (Some(from), Some(to)) => format!("{from} → {to}"),
            (Some(from), None) => format!("{from} →"),
            _ => "—".to_string(),
        };
        assert_eq!(row[3], in_force, "{}", set.id);
        assert_eq!(row[4], set.confidence.as_str(), "{}", set.id);
        assert_eq!(
            row[5].contains("draft"),
            set.draft,
            "{}: draft label",
            set.id
        );
        // The source column names each document the data names (by its own title).
        let source = shopscore::report::words::documents(&set.sources);
        for title in source.zh.split('》').filter_map(|t| t.split('《').nth(1)) {
            assert!(row[5].contains(title), "{}: {title} not cited", set.id);
        }
    }
}

#[test]
fn docs_rule_set_table_matches_the_rule_data() {
    let docs = include_str!("../docs/rules.md");
    let rows = table_rows(docs, "| id | name | confidence | basis | in force |");
    let sets = rules::rule_sets();
    assert_eq!(rows.len(), sets.len());
    for (row, set) in rows.iter().zip(&sets) {
        assert_eq!(row[0], format!("`{}`", set.id));
        assert_eq!(row[2], set.confidence.as_str(), "{}", set.id);
        assert_eq!(row[3].contains("draft"), set.draft, "{}", set.id);
        if let Some(from) = &set.in_force_from {
            assert!(row[4].starts_with(from.as_str()), "{}: {}", set.id, row[4]);
        }
    }
}
