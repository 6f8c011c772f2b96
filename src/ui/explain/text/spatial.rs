//! The hotspot panels: kernel density and its bandwidth, DBSCAN, Gi* with FDR bins,
//! permutations, Moran's I and the point-layer correlation.

use super::{q, Explainer};

/// The density surface on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KdeFacts {
    /// The rule, as the summary names it ("Scott's rule", "a factor of 0.1").
    pub rule: String,
    /// Whether the width came from a rule (else a factor set by hand).
    pub from_rule: bool,
    /// Kernel standard deviation, metres, as shown.
    pub sd_m: String,
    /// Peak density as shown.
    pub peak: String,
    /// "incidents" or "offense rows".
    pub unit: &'static str,
}

/// How the kernel density surface is made.
pub fn kde(f: &KdeFacts) -> Explainer {
    let rule = if f.from_rule {
        "The width comes from [[scott-rule|Scott's rule]]: the spread of all the points ([[standard-deviation|standard deviation]]) times n^(−1/6), with n the number of points, so more points give slightly narrower bumps. [[silverman-rule|Silverman's rule]] gives the same width on a map (two dimensions)."
    } else {
        "You set the width by hand: the spread of all the points ([[standard-deviation|standard deviation]]) times the factor you chose."
    };
    Explainer {
        what: vec![
            "[[kde|Kernel density estimation]] places a small smooth bump (a [[kernel]], shaped like a bell) on every reported point and adds the bumps up. Where many bumps overlap the surface is high: that is the coloured density layer of the map.".into(),
        ],
        read: vec![
            format!(
                "Here each bump is about {} m wide (one standard deviation), from {}. The [[bandwidth]] sets that width.",
                q(&f.sd_m),
                q(&f.rule)
            ),
            rule.into(),
            format!(
                "The highest point of the surface is about {} {} per km².",
                q(&f.peak),
                f.unit
            ),
        ],
        limits: vec![
            "A wider bandwidth gives smooth blobs, a narrower one many small spikes: neither is the truth. The surface also spreads reports into places where none were made, such as parks or the river.".into(),
            "High density means many reports, which follows where people live, shop and travel; it is not a risk to any one person.".into(),
        ],
    }
}

/// The DBSCAN result on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DbscanFacts {
    /// Radius as shown, metres.
    pub eps_m: String,
    /// Minimum points as shown.
    pub min_points: String,
    /// Whether the minimum was chosen automatically.
    pub auto: bool,
    /// Clusters found, as shown.
    pub clusters: String,
    /// Share of points in a cluster as shown, e.g. "42".
    pub clustered_pct: String,
    /// Clusters that are one location.
    pub single_site: usize,
    /// "incidents" or "offense rows".
    pub unit: &'static str,
}

/// How DBSCAN finds clusters, with its radius and minimum.
pub fn dbscan(f: &DbscanFacts) -> Explainer {
    let mut read = vec![format!(
        "Here the [[radius]] is {} m and the [[minimum-points|minimum]] is {} points. It found {} clusters holding {} % of the {}; the others are noise.",
        q(&f.eps_m),
        q(&f.min_points),
        q(&f.clusters),
        q(&f.clustered_pct),
        f.unit
    )];
    if f.auto {
        read.push(format!(
            "The minimum was chosen automatically: twice the number of points you would expect within {} m of a point if every point were spread evenly over the city (and at least 5). So a cluster is a place at least twice as dense as the city-wide average.",
            f.eps_m
        ));
    }
    if f.single_site > 0 {
        read.push(format!(
            "{} of the clusters are a single location: many reports are placed on the same block or intersection, so one busy address can be a cluster by itself.",
            f.single_site
        ));
    }
    Explainer {
        what: vec![
            "[[dbscan|DBSCAN]] finds [[cluster|clusters]]: groups of points packed closely together. A point is a [[core-point|core point]] when at least a minimum number of points, itself included, lie within a set radius of it. Core points within the radius of each other join one cluster, and points near a core point join it too. Points in no cluster are [[noise-point|noise]].".into(),
        ],
        read,
        limits: vec![
            "Change the radius or the minimum and the clusters change: they depend on these two choices, which are not facts about the city.".into(),
            "Clusters show where reports concentrate, not why, and not who is at risk.".into(),
        ],
    }
}

/// The Gi* result on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GiFacts {
    /// The top hot cell of the table: its place, its z as shown and its confidence (90, 95
    /// or 99, or 0 when not significant).
    pub top: Option<(String, String, u8)>,
    /// Hot cells at 95 % or more, as shown.
    pub hot95: String,
    /// Hot cells at 99 %, as shown.
    pub hot99: String,
    /// Cold cells at 95 % or more, as shown.
    pub cold95: String,
    /// Cells in the study area, as shown.
    pub cells: String,
    /// Cell side as shown, metres.
    pub cell_m: String,
    /// Queen (else rook) neighbours.
    pub queen: bool,
}

/// How Gi* and its FDR-corrected confidence bins work.
pub fn gi_star(f: &GiFacts) -> Explainer {
    let mut read = Vec::new();
    if let Some((place, z, conf)) = &f.top {
        read.push(format!(
            "The top hot cell in the table, {place}, has z = {}: its neighbourhood has that many [[standard-deviation|standard deviations]] more reports than an even spread would give. By chance alone a z beyond ±1.96 happens about 1 time in 20, beyond ±2.58 about 1 time in 100.{}",
            q(z),
            if *conf > 0 {
                format!(" After the correction below it is a hot spot at {conf} % confidence.")
            } else {
                String::new()
            }
        ));
    }
    read.push(format!(
        "The test is run on {} cells at once, so some would look significant by luck ([[multiple-testing|multiple testing]]). crimecast applies the Benjamini–Hochberg [[fdr|false discovery rate]] correction before sorting cells into [[confidence-bin|confidence bins]] (90 %, 95 %, 99 %). That leaves {} hot cells at 95 % or more ({} at 99 %) and {} cold cells.",
        q(&f.cells),
        q(&f.hot95),
        q(&f.hot99),
        q(&f.cold95)
    ));
    Explainer {
        what: vec![
            format!(
                "The city is cut into square [[cell|cells]] of {} m. For each cell, [[gi-star|Getis-Ord Gi*]] adds the reports in the cell and its {} and compares the sum with what it would be if reports were spread evenly over all the cells. The difference becomes a [[z-score]]: positive for a [[hot-spot|hot spot]], negative for a [[cold-spot|cold spot]].",
                q(&f.cell_m),
                if f.queen {
                    "8 [[neighbours]] (queen)"
                } else {
                    "4 [[neighbours]] (rook)"
                }
            ),
        ],
        read,
        limits: vec![
            "Hot spots are places with many reports, not dangerous people: they follow where people live, shop and travel and where incidents get reported.".into(),
            "The cell size and the neighbour rule change the map. Even after the correction, about 1 in 20 cells marked at 95 % may be a false alarm, and cells on the city's edge have fewer neighbours.".into(),
        ],
    }
}

/// The permutation settings and results on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PermutationFacts {
    /// Permutations asked for Gi* and Moran's I (0 = none).
    pub gi_moran: usize,
    /// Moran's permutation p-value as shown, when computed.
    pub moran_p: Option<String>,
    /// Shuffles of the store correlation as shown, when it was computed.
    pub correlation: Option<String>,
}

/// How permutation tests work.
pub fn permutations(f: &PermutationFacts) -> Explainer {
    let mut read = Vec::new();
    if let Some(n) = &f.correlation {
        read.push(format!(
            "The liquor-store correlation uses {} shuffles, so its smallest possible p-value is 1 ÷ ({n} + 1).",
            q(n)
        ));
    }
    read.push(if f.gi_moran > 0 {
        format!(
            "Gi* and Moran's I also use {} shuffles here{}. They are seeded, so the same settings give the same p-values every time.",
            f.gi_moran,
            f.moran_p
                .as_ref()
                .map(|p| format!(" (Moran's I: permutation p = {})", q(p)))
                .unwrap_or_default()
        )
    } else {
        "Gi* and Moran's I use the normal approximation now (no shuffles). Choose 99 or 999 under Permutations to add permutation p-values: slower, but they do not rely on a bell curve.".into()
    });
    Explainer {
        what: vec![
            "A [[permutation-test|permutation test]] asks how unusual a result is compared with shuffled data. The counts are shuffled between cells many times; each shuffle gives a result with no real pattern. The [[p-value]] is the share of shuffles that give a result at least as extreme as the real one.".into(),
        ],
        read,
        limits: vec![
            "Shuffling treats every cell as interchangeable, but neighbouring cells are alike ([[spatial-autocorrelation|spatial autocorrelation]]), so even permutation p-values can overstate certainty.".into(),
            "The Gi* colours always use the normal p-values after the FDR correction; the Gi* permutation p-values go into the exported analysis (JSON), while Moran's I reports its own in the summary.".into(),
        ],
    }
}

/// Moran's I on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MoranFacts {
    /// I as shown.
    pub i: String,
    /// Its expectation as shown.
    pub expected: String,
    /// z as shown.
    pub z: String,
    /// Cells as shown.
    pub cells: String,
    /// Whether it is significant at 5 %.
    pub significant: bool,
    /// Whether I is above its expectation.
    pub positive: bool,
}

/// How global Moran's I works.
pub fn moran(f: &MoranFacts) -> Explainer {
    let meaning = match (f.significant, f.positive) {
        (false, _) => "The difference is not significant: no clear pattern.",
        (true, true) => "I is well above its expected value (a large z): busy cells tend to sit next to busy cells, so reports are clustered.",
        (true, false) => "I is well below its expected value: busy cells tend to sit next to quiet ones, like a chessboard.",
    };
    Explainer {
        what: vec![
            "[[morans-i|Moran's I]] gives one number for the whole map: do cells with many reports sit next to other cells with many reports ([[spatial-autocorrelation|spatial autocorrelation]])? Each cell is compared with the average of its neighbours.".into(),
        ],
        read: vec![format!(
            "Here I = {} over {} cells, against about {} expected if the counts were placed at random; z = {}. {meaning}",
            q(&f.i),
            q(&f.cells),
            q(&f.expected),
            q(&f.z)
        )],
        limits: vec![
            "One number for the whole city hides where the clusters are: the Gi* map shows that. Moran's I also depends on the cell size and the neighbour rule.".into(),
        ],
    }
}

/// The point-layer correlation on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CorrelationFacts {
    /// Pearson's r as shown.
    pub r: String,
    /// Spearman's rho as shown.
    pub rho: String,
    /// Cells compared, as shown.
    pub cells: String,
    /// Whether the layer is synthetic.
    pub synthetic: bool,
}

/// How the point-layer correlation works.
pub fn correlation(f: &CorrelationFacts) -> Explainer {
    let mut read = vec![format!(
        "Here r = {} and ρ = {} over {} cells. Both run from −1 to 1: above 0, cells with more stores tend to have more reports; 0 means no relation; below 0, fewer.",
        q(&f.r),
        q(&f.rho),
        q(&f.cells)
    )];
    if f.synthetic {
        read.push("The store layer is [[synthetic-data|synthetic]]: crimecast placed made-up stores along main roads, so this shows how the method works, not anything about Detroit's stores.".into());
    }
    Explainer {
        what: vec![
            "For every grid cell crimecast counts the stores of the point layer and the reported incidents, then measures how the two go together ([[correlation]]). [[pearson|Pearson's r]] looks for a straight-line relation; [[spearman|Spearman's ρ]] compares ranks (which cell has more), so a few very busy cells matter less.".into(),
        ],
        read,
        limits: vec![
            "[[causation|Correlation is not cause]]. Stores and reports can both follow main roads, population, land use and opening hours. Nothing here shows that stores cause incidents, or the reverse.".into(),
            "Neighbouring cells are not independent, so the p-values are optimistic.".into(),
        ],
    }
}

/// The OPTICS result on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpticsFacts {
    /// Extraction radius, metres, as shown.
    pub eps: String,
    /// Clusters found at that radius, as shown.
    pub clusters: String,
    /// Points ordered, as shown.
    pub sample: String,
    /// Minimum points, as shown.
    pub min_points: String,
}

/// How OPTICS works.
pub fn optics(f: &OpticsFacts) -> Explainer {
    Explainer {
        what: vec![
            "OPTICS puts the points in an order that always goes next to the nearest dense place not yet visited. For each point it notes how far it had to reach to join the points before it. Plotted in that order, these distances form valleys: each valley is a [[cluster]], and the deeper it is, the denser.".into(),
        ],
        read: vec![format!(
            "Here {} points, an even sample, are ordered with {} as the [[minimum-points|minimum points]]. Cutting the plot at {} m, like a [[dbscan|DBSCAN]] [[radius]], gives {} clusters; bars above the line are [[noise-point|noise]] at that radius.",
            q(&f.sample),
            q(&f.min_points),
            q(&f.eps),
            q(&f.clusters)
        )],
        limits: vec![
            "It works on a sample, so a very small cluster may be missed; its clusters count reports, not people or risk.".into(),
            "A valley shows where reports are packed together, not why: busy roads, shops and where reports get made all pile them up.".into(),
        ],
    }
}

/// The nearest-store distances on screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NearestFacts {
    /// Median distance of the incidents, as shown.
    pub incidents: String,
    /// Median distance of the random places, as shown.
    pub random: String,
    /// Random places drawn, as shown.
    pub places: String,
    /// Whether the layer is synthetic.
    pub synthetic: bool,
}

/// How the nearest-store distances work.
pub fn nearest(f: &NearestFacts) -> Explainer {
    let mut read = vec![format!(
        "Here half of the reports are within {} of a store, against {} for {} places picked at random, evenly over the city. If reports sat where they would by chance, the two curves would lie on top of each other.",
        q(&f.incidents),
        q(&f.random),
        q(&f.places)
    )];
    if f.synthetic {
        read.push("The store layer is [[synthetic-data|synthetic]], so this shows how the method works, not anything about Detroit's stores.".into());
    }
    Explainer {
        what: vec![
            "For every report crimecast measures the straight-line distance to the nearest store of the point layer, and does the same for random places spread evenly over the city. Comparing the two shows whether reports sit nearer to stores than chance would put them.".into(),
        ],
        read,
        limits: vec![
            "[[causation|Nearness is not cause]]. Stores and reports both gather along main roads and where people are; distances are straight lines, not walking routes.".into(),
        ],
    }
}
