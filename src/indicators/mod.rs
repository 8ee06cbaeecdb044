//! Indicators recomputed from records with the official definitions and clock rules, with
//! numerators, denominators and the bad records behind each.
