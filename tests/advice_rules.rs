//! Advice against the real rule sets: the playbook covers every id they declare, and what it
//! says about penalties and bonus conditions agrees with the rule data.

use shopscore::advice::{playbook, EventKind};
use shopscore::input::EventValue;
use shopscore::rules::{self, BonusCondition};

#[test]
fn playbook_covers_every_indicator_of_every_rule_set() {
    let book = playbook();
    let all = rules::all().expect("embedded rule sets load");
    assert!(all.len() >= 6);
    let mut missing = Vec::new();
    for rule_set in all {
        for indicator in &rule_set.indicators {
            if !book.indicators.contains_key(&indicator.id) {
                missing.push(format!("{}: indicator {}", rule_set.id, indicator.id));
            }
        }
        for dimension in &rule_set.dimensions {
            if !book.dimensions.contains_key(&dimension.id) {
                missing.push(format!("{}: dimension {}", rule_set.id, dimension.id));
            }
        }
    }
    assert!(missing.is_empty(), "playbook lacks: {missing:#?}");
}

#[test]
fn playbook_covers_every_event_of_every_rule_set_with_the_right_kind() {
    let book = playbook();
    let mut problems = Vec::new();
    for rule_set in rules::all().unwrap() {
        let deduction_events = rule_set.deductions.iter().flat_map(|d| d.events.iter());
        let stage_events = rule_set
            .stage
            .iter()
            .flat_map(|s| s.penalising_events.iter());
        for event in deduction_events.chain(stage_events) {
            match book.events.get(event) {
                Some(entry) if entry.kind == EventKind::Deduction => {}
                Some(_) => problems.push(format!("{}: {event} should be a deduction", rule_set.id)),
                None => problems.push(format!("{}: event {event} missing", rule_set.id)),
            }
        }
        for bonus in &rule_set.bonuses {
            let Some(entry) = book.events.get(&bonus.event) else {
                problems.push(format!(
                    "{}: bonus event {} missing",
                    rule_set.id, bonus.event
                ));
                continue;
            };
            if entry.kind != EventKind::Bonus {
                problems.push(format!(
                    "{}: {} should be a bonus",
                    rule_set.id, bonus.event
                ));
            }
            // The value advise() re-scores with must meet the rule set's condition.
            let meets = match (&bonus.condition, &entry.meet) {
                (BonusCondition::Flag, Some(EventValue::Flag(true))) => true,
                (BonusCondition::ShareMin { min }, Some(EventValue::Number(n))) => n >= min,
                (
                    BonusCondition::Installation {
                        min_orders,
                        min_share,
                    },
                    Some(EventValue::Installation { orders, share }),
                ) => orders >= min_orders && share >= min_share,
                _ => false,
            };
            if !meets {
                problems.push(format!(
                    "{}: playbook meet value {:?} does not meet {:?}",
                    rule_set.id, entry.meet, bonus.condition
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn misconception_penalties_agree_with_the_rule_sets() {
    let book = playbook();
    let mut checked = 0;
    for m in &book.misconceptions {
        for penalty in &m.penalties {
            let event = m.event.as_deref().expect("a penalty belongs to an event");
            let rule_set =
                rules::rule_set_detail(&penalty.rule_set).expect("penalty names a real rule set");
            let bucket = rule_set
                .deductions
                .iter()
                .find(|d| d.events.iter().any(|e| e == event))
                .unwrap_or_else(|| panic!("{} has no deduction for {event}", rule_set.id));
            assert_eq!(
                -penalty.points,
                bucket
                    .cap
                    .map_or(bucket.per_case, |cap| bucket.per_case.min(cap)),
                "{} {}",
                m.id,
                rule_set.id
            );
            checked += 1;
        }
        // Every rule set that penalises the event has its penalty stated.
        if let Some(event) = &m.event {
            for rule_set in rules::all().unwrap() {
                if rule_set
                    .deductions
                    .iter()
                    .any(|d| d.events.iter().any(|e| e == event))
                {
                    assert!(
                        m.penalties.iter().any(|p| p.rule_set == rule_set.id),
                        "{}: penalty under {} not stated",
                        m.id,
                        rule_set.id
                    );
                }
            }
        }
    }
    assert!(checked >= 3);
}
