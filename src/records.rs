//! Records: typed rows (orders, logistics, after-sales, reviews, Feige rounds and agents, typed values).
