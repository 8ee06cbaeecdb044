//! Advice: the playbook (data, zh/en) and ranking fixes by the points re-scoring says they are worth.
