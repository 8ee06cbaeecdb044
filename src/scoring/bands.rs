//! Value → indicator score through a rule set's bands (step bands or linear interpolation), and the
//! next and best bands a value could reach.

use crate::report::NextBand;
use crate::rules::{Direction, Method};

/// An indicator's effective bands: the value needed for each band score (None: unknown band).
#[derive(Debug, Clone)]
pub struct Bands<'a> {
    pub method: Method,
    pub direction: Direction,
    pub scores: &'a [f64],
    pub thresholds: Vec<Option<f64>>,
    pub floor: f64,
    /// The value already is a score (揽收时长平均得分): it is clamped, not mapped.
    pub value_is_score: bool,
}

impl Bands<'_> {
    /// Known (threshold, score) pairs, from the lowest band up.
    fn points(&self) -> Vec<(f64, f64)> {
        self.scores
            .iter()
            .zip(&self.thresholds)
            .filter_map(|(s, t)| t.map(|t| (t, *s)))
            .collect()
    }

    fn top(&self) -> f64 {
        self.scores.iter().copied().fold(self.floor, f64::max)
    }

    /// The score of `value`.
    pub fn score(&self, value: f64) -> f64 {
        if self.value_is_score {
            return value.clamp(self.floor, self.top());
        }
        let points = self.points();
        match self.method {
            Method::Bands => points
                .iter()
                .rev()
                .find(|(t, _)| self.direction.reaches(value, *t))
                .map_or(self.floor, |(_, s)| *s),
            Method::Interpolate => self.interpolate(value, &points),
        }
    }

    /// Piecewise-linear between the reference points; below the first point the first segment's
    /// slope continues down to the floor; at or beyond the last point, its score.
    fn interpolate(&self, value: f64, points: &[(f64, f64)]) -> f64 {
        // Work in "goodness": larger is better whatever the direction.
        let g = |v: f64| match self.direction {
            Direction::HigherBetter => v,
            Direction::LowerBetter => -v,
        };
        let x = g(value);
        let Some(&(first_t, first_s)) = points.first() else {
            return self.floor;
        };
        if points.len() == 1 {
            return if x >= g(first_t) { first_s } else { self.floor };
        }
        for pair in points.windows(2).rev() {
            let ((t0, s0), (t1, s1)) = (pair[0], pair[1]);
            if x >= g(t1) {
                return s1;
            }
            if x >= g(t0) {
                let span = g(t1) - g(t0);
                return if span > 0.0 {
                    s0 + (s1 - s0) * (x - g(t0)) / span
                } else {
                    s1
                };
            }
        }
        // Below the first reference value: extend the first segment's slope, not below the floor.
        let (t1, s1) = points[1];
        let span = g(t1) - g(first_t);
        if span <= 0.0 {
            return self.floor;
        }
        (first_s - (s1 - first_s) * (g(first_t) - x) / span).max(self.floor)
    }

    /// The lowest band above `score` whose threshold is known.
    pub fn next_band(&self, score: f64) -> Option<NextBand> {
        self.bands_above(score).into_iter().next()
    }

    /// The highest band above `score` whose threshold is known.
    pub fn best_band(&self, score: f64) -> Option<NextBand> {
        self.bands_above(score).into_iter().last()
    }

    fn bands_above(&self, score: f64) -> Vec<NextBand> {
        const EPS: f64 = 1e-9;
        if self.value_is_score {
            return self
                .scores
                .iter()
                .filter(|s| **s > score + EPS)
                .map(|s| NextBand {
                    score: *s,
                    threshold: *s,
                })
                .collect();
        }
        self.points()
            .into_iter()
            .filter(|(_, s)| *s > score + EPS)
            .map(|(t, s)| NextBand {
                score: s,
                threshold: t,
            })
            .collect()
    }

    /// True when the known thresholds get stricter band by band (else the bands are unusable).
    pub fn is_monotone(&self) -> bool {
        let pts = self.points();
        pts.windows(2).all(|w| match self.direction {
            Direction::HigherBetter => w[1].0 >= w[0].0,
            Direction::LowerBetter => w[1].0 <= w[0].0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCORES: [f64; 5] = [60.0, 70.0, 80.0, 90.0, 100.0];

    fn bands(method: Method, direction: Direction, t: [f64; 5]) -> Bands<'static> {
        Bands {
            method,
            direction,
            scores: &SCORES,
            thresholds: t.iter().map(|v| Some(*v)).collect(),
            floor: 50.0,
            value_is_score: false,
        }
    }

    #[test]
    fn step_bands_higher_and_lower_better() {
        let b = bands(
            Method::Bands,
            Direction::HigherBetter,
            [80.0, 85.0, 90.0, 95.0, 99.0],
        );
        assert_eq!(b.score(79.9), 50.0);
        assert_eq!(b.score(80.0), 60.0);
        assert_eq!(b.score(94.99), 80.0);
        assert_eq!(b.score(100.0), 100.0);
        let b = bands(
            Method::Bands,
            Direction::LowerBetter,
            [1.0, 0.8, 0.6, 0.4, 0.2],
        );
        assert_eq!(b.score(1.01), 50.0);
        assert_eq!(b.score(0.6), 80.0);
        assert_eq!(b.score(0.0), 100.0);
        assert_eq!(
            b.next_band(80.0),
            Some(NextBand {
                score: 90.0,
                threshold: 0.4
            })
        );
        assert_eq!(
            b.best_band(80.0),
            Some(NextBand {
                score: 100.0,
                threshold: 0.2
            })
        );
        assert_eq!(b.next_band(100.0), None);
    }

    #[test]
    fn interpolation_is_continuous_and_floored() {
        let b = bands(
            Method::Interpolate,
            Direction::LowerBetter,
            [1.0, 0.8, 0.6, 0.4, 0.2],
        );
        assert!((b.score(0.7) - 75.0).abs() < 1e-9);
        assert_eq!(b.score(0.1), 100.0);
        assert!((b.score(1.1) - 55.0).abs() < 1e-9);
        assert_eq!(b.score(5.0), 50.0);
    }
}
