//! crimecast's synthetic demo data: a deterministic generator of offense-level rows shaped
//! like the RMS layer — about 83k rows a year since 2016-08, 11 precincts with realistic
//! shares, the 32 categories at their published proportions, hour and weekday profiles, a
//! summer peak, a slow downward trend, concentrations along real corridors, and the layer's
//! quirks (multi-offense reports, trailing spaces, 1915-era dates, junk precincts,
//! midnight/noon default times, ~0.13 % missing coordinates). It is not real data.
//!
//! Each day is generated from its own seeded stream, so any range of days can be produced
//! in any order and the rows are always the same. Daily counts use a normal approximation
//! to the Poisson distribution (λ ≈ 200, where the two agree closely).

use std::borrow::Cow;
use std::f64::consts::PI;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::calendar::{features, HolidayTable};
use super::geography::{
    distance_to_polyline_m, in_city, nearest_neighborhood, nearest_precinct, CORRIDORS,
};
use super::raw::{RawRecord, RawTime};
use super::taxonomy::{Against, CATEGORIES, PRECINCTS};
use super::time::{day_of, DetroitClock};

/// Settings of the demo generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    /// Random seed; the same seed always gives the same rows.
    pub seed: u64,
    /// First local day generated.
    pub first_day: i32,
    /// Last local day generated.
    pub last_day: i32,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2016,
            first_day: day_of(2016, 8, 1).unwrap_or(17_014),
            last_day: day_of(2026, 10, 31).unwrap_or(20_757),
        }
    }
}

/// Mean distinct incidents a day in mid-2021 (rows are ≈1.09 × incidents).
const BASE_INCIDENTS_PER_DAY: f64 = 207.0;

/// A candidate location (intersection-grain point) of the demo city.
#[derive(Debug, Clone, Copy)]
struct Spot {
    lon: f64,
    lat: f64,
    neighborhood: &'static str,
    street: &'static str,
}

/// Descriptions used for the larger categories (others repeat the category name).
fn descriptions(category: &'static str) -> &'static [&'static str] {
    match category {
        "LARCENY" => &[
            "LARCENY - THEFT FROM BUILDING",
            "LARCENY - PARTS AND ACCESSORIES FROM VEHICLE",
            "LARCENY - THEFT FROM MOTOR VEHICLE",
            "LARCENY - SHOPLIFTING",
        ],
        "ASSAULT" => &["ASSAULT AND BATTERY/SIMPLE ASSAULT", "INTIMIDATION"],
        "AGGRAVATED ASSAULT" => &[
            "AGGRAVATED / FELONIOUS ASSAULT",
            "NONAGGRAVATED ASSAULT WITH WEAPON",
        ],
        "BURGLARY" => &[
            "BURGLARY - FORCED ENTRY",
            "BURGLARY - ENTRY WITHOUT FORCE (INTENT TO COMMIT)",
        ],
        "DAMAGE TO PROPERTY" => &[
            "DAMAGE TO PROPERTY",
            "DAMAGE TO PROPERTY - PRIVATE PROPERTY",
        ],
        "STOLEN VEHICLE" => &["VEHICLE THEFT", "MOTOR VEHICLE AS STOLEN PROPERTY"],
        "FRAUD" => &[
            "FRAUD - FALSE PRETENSE / SWINDLE",
            "FRAUD - IMPERSONATION",
            "FRAUD - CREDIT CARD / AUTOMATIC TELLER MACHINE",
        ],
        "WEAPONS OFFENSES" => &["WEAPONS OFFENSE - CONCEALED", "WEAPONS OFFENSE - OTHER"],
        _ => &[],
    }
}

/// The generator, with its tables precomputed.
#[derive(Debug, Clone)]
pub struct Demo {
    cfg: DemoConfig,
    clock: DetroitClock,
    holidays: HolidayTable,
    category_cum: Vec<f64>,
    precinct_cum: Vec<f64>,
    /// Per precinct (index 0..11): spots and cumulative weights.
    spots: Vec<(Vec<Spot>, Vec<f64>)>,
    /// Cumulative hour-of-day weights for crimes against persons and society.
    hour_persons: Vec<f64>,
    /// Cumulative hour-of-day weights for the other categories.
    hour_property: Vec<f64>,
}

fn cumulative(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    weights
        .map(|w| {
            acc += w;
            acc
        })
        .collect()
}

fn pick(cum: &[f64], u: f64) -> usize {
    let total = cum.last().copied().unwrap_or(0.0);
    cum.partition_point(|&c| c <= u * total)
        .min(cum.len().saturating_sub(1))
}

fn hour_profile(persons: bool) -> Vec<f64> {
    const BASE: [f64; 24] = [
        4.6, 3.6, 3.2, 2.6, 2.0, 1.7, 2.0, 2.9, 3.8, 4.2, 4.4, 4.5, 4.8, 4.6, 4.8, 5.1, 5.2, 5.4,
        5.5, 5.4, 5.3, 5.1, 4.8, 4.2,
    ];
    BASE.iter()
        .enumerate()
        .map(|(h, w)| {
            let evening = (h >= 18 || h <= 2) as u8 as f64;
            let daytime = (8..=17).contains(&h) as u8 as f64;
            if persons {
                w * (1.0 + 0.35 * evening - 0.1 * daytime)
            } else {
                w * (1.0 + 0.25 * daytime - 0.15 * evening)
            }
        })
        .collect()
}

impl Demo {
    /// Build the generator's tables (the location pool is ~5,000 intersection-like points).
    pub fn new(cfg: DemoConfig) -> Demo {
        let clock = DetroitClock::new();
        let holidays = HolidayTable::new(cfg.first_day - 1, cfg.last_day + 1);
        let category_cum = cumulative(CATEGORIES.iter().map(|c| f64::from(c.incidents)));
        let precinct_cum = cumulative(PRECINCTS.iter().map(|p| p.1));
        let mut pool: Vec<(Vec<Spot>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); PRECINCTS.len()];
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x5eed_c17e);
        let (dlat, dlon) = (0.0032, 0.0043); // ≈ 350 m each way
        let mut lat = 42.272;
        while lat < 42.448 {
            let mut lon = -83.288;
            while lon < -82.928 {
                let x = lon + rng.gen_range(-0.3..0.3) * dlon;
                let y = lat + rng.gen_range(-0.3..0.3) * dlat;
                if in_city(x, y) {
                    let mut w = 0.25;
                    let mut street = "Residential street";
                    let mut nearest = f64::INFINITY;
                    for (name, line) in CORRIDORS {
                        let d = distance_to_polyline_m(x, y, line);
                        w += 1.6 * (-(d / 350.0).powi(2)).exp();
                        if d < nearest && d < 400.0 {
                            nearest = d;
                            street = name;
                        }
                    }
                    let dd = distance_to_polyline_m(x, y, &[(-83.047, 42.332), (-83.047, 42.3321)]);
                    w += 2.0 * (-(dd / 900.0).powi(2)).exp();
                    let p = nearest_precinct(x, y);
                    let slot = &mut pool[usize::from(p - 2)];
                    slot.0.push(Spot {
                        lon: (x * 1e6).round() / 1e6,
                        lat: (y * 1e6).round() / 1e6,
                        neighborhood: nearest_neighborhood(x, y),
                        street,
                    });
                    slot.1.push(w);
                }
                lon += dlon;
            }
            lat += dlat;
        }
        let spots = pool
            .into_iter()
            .map(|(s, w)| (s, cumulative(w.into_iter())))
            .collect();
        Demo {
            cfg,
            clock,
            holidays,
            category_cum,
            precinct_cum,
            spots,
            hour_persons: cumulative(hour_profile(true).into_iter()),
            hour_property: cumulative(hour_profile(false).into_iter()),
        }
    }

    /// The settings.
    pub fn config(&self) -> DemoConfig {
        self.cfg
    }

    /// Expected distinct incidents on a local day.
    pub fn expected_incidents(&self, day: i32) -> f64 {
        let f = features(day);
        let years = (f64::from(day) - f64::from(day_of(2021, 7, 1).unwrap_or(18_809))) / 365.25;
        let trend = 0.982f64.powf(years);
        let doy = f64::from(day - day_of(f.year, 1, 1).unwrap_or(day));
        let season = 1.0 + 0.12 * (2.0 * PI * (doy - 196.0) / 365.25).cos();
        const WEEKDAY: [f64; 7] = [1.02, 1.0, 1.0, 0.99, 1.03, 1.0, 0.96];
        let mut rate = BASE_INCIDENTS_PER_DAY * trend * season * WEEKDAY[usize::from(f.weekday)];
        if self.holidays.is_holiday(day) {
            rate *= match (f.month, f.day) {
                (7, 3..=5) => 1.2,
                (1, 1) => 1.25,
                (12, 24..=26) => 0.85,
                _ => 0.95,
            };
        }
        if (day_of(2020, 3, 20).unwrap_or(0)..=day_of(2020, 5, 31).unwrap_or(0)).contains(&day) {
            rate *= 0.82;
        }
        rate
    }

    /// Generate every row of local days `first..=last` (clamped to the configured range).
    pub fn generate(&self, first: i32, last: i32, on_row: &mut dyn FnMut(&RawRecord<'_>)) {
        let first = first.max(self.cfg.first_day);
        let last = last.min(self.cfg.last_day);
        let mut report = String::with_capacity(16);
        for day in first..=last {
            self.generate_day(day, &mut report, on_row);
        }
    }

    fn generate_day(&self, day: i32, report: &mut String, on_row: &mut dyn FnMut(&RawRecord<'_>)) {
        let mut rng = ChaCha8Rng::seed_from_u64(
            self.cfg.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (day as u64),
        );
        let lambda = self.expected_incidents(day);
        let z: f64 = {
            let (u1, u2): (f64, f64) = (rng.gen_range(1e-12..1.0), rng.gen());
            (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
        };
        let count = (lambda + lambda.sqrt() * z).round().max(0.0) as u32;
        let f = features(day);
        let yymmdd = format!("{:02}{:02}{:02}", f.year.rem_euclid(100), f.month, f.day);
        for seq in 0..count {
            report.clear();
            report.push_str(&yymmdd);
            report.push_str(&format!("{:04}", seq + 1));
            let cat = pick(&self.category_cum, rng.gen());
            let category = CATEGORIES[cat];
            let persons = matches!(category.against, Against::Persons | Against::Society);
            let u: f64 = rng.gen();
            let minute: u16 = if u < 0.03 {
                0
            } else if u < 0.05 {
                720
            } else {
                let hours = if persons {
                    &self.hour_persons
                } else {
                    &self.hour_property
                };
                let h = pick(hours, rng.gen()) as u16;
                let v: f64 = rng.gen();
                let m = if v < 0.25 {
                    0
                } else if v < 0.35 {
                    30
                } else {
                    rng.gen_range(0..60)
                };
                h * 60 + m
            };
            let straggler = rng.gen::<f64>() < 0.003;
            let utc = if straggler {
                let old = rng.gen_range(day_of(1915, 1, 1).unwrap_or(-20_089)..self.cfg.first_day);
                self.clock.to_utc(old, minute)
            } else {
                self.clock.to_utc(day, minute)
            };
            let p = pick(&self.precinct_cum, rng.gen());
            let (spots, cum) = &self.spots[p];
            let spot = spots.get(pick(cum, rng.gen())).copied();
            let q: f64 = rng.gen();
            let precinct: Cow<'static, str> = if q < 0.004 {
                Cow::Borrowed(["0", "00", "0W", "HP"][rng.gen_range(0..4)])
            } else {
                Cow::Borrowed(PRECINCTS[p].0)
            };
            let c: f64 = rng.gen();
            let (lon, lat) = match spot {
                _ if c < 0.0013 => (None, None),
                _ if c < 0.0015 => (Some(-83.45 - rng.gen::<f64>() * 0.2), Some(42.6)),
                Some(s) => (Some(s.lon), Some(s.lat)),
                None => (None, None),
            };
            let extras = match rng.gen::<f64>() {
                x if x < 0.925 => 0,
                x if x < 0.983 => 1,
                _ => 2,
            };
            for k in 0..=extras {
                let cat_k = if k == 0 || rng.gen::<f64>() < 0.3 {
                    cat
                } else {
                    pick(&self.category_cum, rng.gen())
                };
                let name = CATEGORIES[cat_k].name;
                let descs = descriptions(name);
                let description = if descs.is_empty() {
                    name
                } else {
                    descs[rng.gen_range(0..descs.len())]
                };
                let offense_category = if rng.gen::<f64>() < 0.04 {
                    Cow::Owned(format!("{name} "))
                } else {
                    Cow::Borrowed(name)
                };
                let rec = RawRecord {
                    report_number: Cow::Borrowed(report.as_str()),
                    occurred: RawTime::EpochMs(utc),
                    offense_category,
                    offense_description: Cow::Borrowed(description),
                    precinct: precinct.clone(),
                    neighborhood: Cow::Borrowed(spot.map_or("", |s| s.neighborhood)),
                    council_district: Cow::Borrowed(""),
                    zip_code: Cow::Borrowed(""),
                    location_text: Cow::Borrowed(spot.map_or("", |s| s.street)),
                    longitude: lon,
                    latitude: lat,
                    object_id: None,
                };
                on_row(&rec);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::clean::{CleanRules, Cleaner, Rule, RULES};
    use crate::data::store::Store;

    fn one_year() -> (Store, crate::data::clean::Quality) {
        let demo = Demo::new(DemoConfig::default());
        let (a, b) = (day_of(2024, 1, 1).unwrap(), day_of(2024, 12, 31).unwrap());
        let mut cleaner = Cleaner::new(CleanRules::default());
        let mut store = Store::new();
        demo.generate(a, b, &mut |r| {
            cleaner.push(r, &mut store);
        });
        let q = cleaner.finish(&mut store);
        (store, q)
    }

    #[test]
    fn a_year_is_calibrated_to_the_published_facts() {
        let (store, q) = one_year();
        assert!(q.balances());
        assert!((75_000..92_000).contains(&q.read), "rows a year {}", q.read);
        let ratio = q.kept as f64 / q.incidents as f64;
        assert!((1.06..1.12).contains(&ratio), "rows per incident {ratio}");
        assert!(q.dropped[RULES.iter().position(|r| *r == Rule::JunkPrecinct).unwrap()] > 0);
        assert!(
            q.dropped[RULES
                .iter()
                .position(|r| *r == Rule::OutsideWindow)
                .unwrap()]
                > 0
        );
        assert!(
            q.flagged[RULES
                .iter()
                .position(|r| *r == Rule::MissingCoords)
                .unwrap()]
                > 0
        );
        assert!(q.default_time_share() > 3.0);
        let precincts: std::collections::BTreeSet<u8> = store.precinct.iter().copied().collect();
        assert_eq!(precincts.len(), 11);
        assert!(store.categories.len() > 25);
        // Summer peak: July busier than February.
        let month_count = |m: u32| {
            let (a, b) = (day_of(2024, m, 1).unwrap(), day_of(2024, m, 28).unwrap());
            store.day.iter().filter(|d| (a..=b).contains(*d)).count()
        };
        assert!(month_count(7) as f64 > 1.12 * month_count(2) as f64);
        // Hour profile: evenings busier than the small hours, every hour present.
        let mut hours = [0usize; 24];
        for m in &store.minute {
            hours[usize::from(*m / 60)] += 1;
        }
        assert!(hours.iter().all(|&n| n > 500), "{hours:?}");
        assert!(hours[19] > 2 * hours[5], "{hours:?}");
    }

    #[test]
    fn generation_is_deterministic_in_any_order() {
        let demo = Demo::new(DemoConfig::default());
        let d = day_of(2023, 5, 5).unwrap();
        let collect = |first, last| {
            let mut v = vec![];
            demo.generate(first, last, &mut |r| v.push(format!("{:?}", r)));
            v
        };
        let both = collect(d, d + 1);
        let mut split = collect(d + 1, d + 1);
        let mut first = collect(d, d);
        first.append(&mut split);
        assert_eq!(both, first);
    }
}
