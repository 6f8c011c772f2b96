//! A simulated ArcGIS layer and a simulated clock to drive the sans-IO loader: the layer
//! answers the loader's URLs (description, statistics, counts, distinct counts, pages in JSON
//! or PBF, capped at its own page size), and the driver delivers each answer after a latency,
//! with faults injected by a closure. It also answers a refresh's pages of rows above an
//! object id, and counts the bytes each request costs.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};

use crimecast::data::arcgis::pbf;
use crimecast::data::arcgis::schedule::{
    Event, LoadState, Loader, Progress, ReadyPage, Reply, Request, Send,
};
use crimecast::data::arcgis::MonthSlot;
use crimecast::data::time::parse_text;
use prost::Message;
use serde_json::{json, Map, Value};

/// One row of the layer.
#[derive(Debug, Clone)]
pub struct Row {
    pub oid: i64,
    pub utc_ms: i64,
    pub precinct: &'static str,
    pub category: &'static str,
    pub report: String,
}

/// The layer.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Rows, by object id.
    pub rows: Vec<Row>,
    pub max_record_count: usize,
    /// Whether it describes itself (404 otherwise).
    pub metadata: bool,
    pub pbf: bool,
    pub statistics: bool,
    pub count_distinct: bool,
    /// Whether it says it serves `resultType=standard` pages of 32,000 rows, and whether it
    /// really does.
    pub offers_standard: bool,
    pub honours_standard: bool,
}

const PRECINCTS: [&str; 13] = [
    "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "HP", "0",
];
const CATEGORIES: [&str; 4] = ["LARCENY", "ASSAULT", "FRAUD", "LARCENY "];

impl Layer {
    /// `per_month` rows in each month, object ids shuffled against time (a deterministic
    /// permutation), every fourth pair of rows sharing a report number.
    pub fn new(months: &[MonthSlot], per_month: usize, max_record_count: usize) -> Layer {
        let n = months.len() * per_month;
        let mut rows = Vec::with_capacity(n);
        for (mi, m) in months.iter().enumerate() {
            let span = (m.range.to_ms - m.range.from_ms) as usize;
            for j in 0..per_month {
                let i = mi * per_month + j;
                let utc_ms = m.range.from_ms + ((j * 7919) % per_month * span / per_month) as i64;
                rows.push(Row {
                    // A prime above n is coprime with n: i ↦ i·p mod n permutes 0..n.
                    oid: ((i * 1_000_003 + 3) % n) as i64 + 1,
                    utc_ms,
                    precinct: PRECINCTS[i % PRECINCTS.len()],
                    category: CATEGORIES[(i / 3) % CATEGORIES.len()],
                    report: format!("R{}", i - (i % 4 == 1) as usize),
                });
            }
        }
        rows.sort_by_key(|r| r.oid);
        Layer {
            rows,
            max_record_count,
            metadata: true,
            pbf: false,
            statistics: true,
            count_distinct: true,
            offers_standard: false,
            honours_standard: false,
        }
    }

    /// Add `n` rows spread evenly over `[from_ms, to_ms)`, with object ids above every id
    /// the layer holds (as the service numbers new rows); returns their ids.
    pub fn add_rows(&mut self, from_ms: i64, to_ms: i64, n: usize) -> Vec<i64> {
        let top = self.rows.iter().map(|r| r.oid).max().unwrap_or(0);
        let span = to_ms - from_ms;
        let ids: Vec<i64> = (1..=n as i64).map(|k| top + k).collect();
        for (j, &oid) in ids.iter().enumerate() {
            self.rows.push(Row {
                oid,
                utc_ms: from_ms + span * j as i64 / n as i64,
                precinct: PRECINCTS[j % PRECINCTS.len()],
                category: CATEGORIES[(j / 3) % CATEGORIES.len()],
                report: format!("N{oid}"),
            });
        }
        ids
    }

    fn description(&self) -> String {
        let fields: Vec<Value> = [
            ("ESRI_OID", "esriFieldTypeOID"),
            ("report_number", "esriFieldTypeString"),
            ("incident_occurred_at", "esriFieldTypeDate"),
            ("offense_category", "esriFieldTypeString"),
            ("offense_description", "esriFieldTypeString"),
            ("police_precinct", "esriFieldTypeString"),
            ("neighborhood", "esriFieldTypeString"),
            ("nearest_intersection", "esriFieldTypeString"),
            ("longitude", "esriFieldTypeDouble"),
            ("latitude", "esriFieldTypeDouble"),
        ]
        .iter()
        .map(|(n, t)| json!({"name": n, "type": t, "alias": n}))
        .collect();
        json!({
            "objectIdField": "ESRI_OID",
            "fields": fields,
            "maxRecordCount": self.max_record_count,
            "standardMaxRecordCount": 32000,
            "supportedQueryFormats": if self.pbf { "JSON, geoJSON, PBF" } else { "JSON, geoJSON" },
            "advancedQueryCapabilities": {
                "supportsPagination": true,
                "supportsStatistics": self.statistics,
                "supportsCountDistinct": self.count_distinct,
                "supportsOrderBy": true,
                "supportsQueryWithResultType": self.offers_standard,
            }
        })
        .to_string()
    }

    fn attributes(r: &Row, fields: &[String]) -> Vec<(String, Value)> {
        fields
            .iter()
            .filter_map(|f| {
                let v = match f.as_str() {
                    "ESRI_OID" => json!(r.oid),
                    "report_number" => json!(r.report),
                    "incident_occurred_at" => json!(r.utc_ms),
                    "offense_category" => json!(r.category),
                    "offense_description" => json!("SIMULATED"),
                    "police_precinct" => json!(r.precinct),
                    "neighborhood" => Value::Null,
                    "longitude" => json!(-83.05),
                    "latitude" => json!(42.35),
                    _ => return None,
                };
                Some((f.clone(), v))
            })
            .collect()
    }

    /// The layer's answer to `url` (2xx body or an HTTP status).
    pub fn answer(&self, url: &str) -> Reply {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let q: HashMap<String, String> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), decode(v)))
            .collect();
        if !path.ends_with("/query") {
            return if self.metadata {
                Reply::Body(self.description().into_bytes())
            } else {
                Reply::Http {
                    status: 404,
                    retry_after_s: None,
                }
            };
        }
        let times: Vec<i64> = q["where"]
            .split("TIMESTAMP '")
            .skip(1)
            .filter_map(|s| parse_text(s.split('\'').next()?))
            .collect();
        let above: i64 = q["where"]
            .split_once("ESRI_OID > ")
            .map_or(i64::MIN, |(_, n)| n.trim().parse().unwrap());
        let rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| r.utc_ms >= times[0] && r.utc_ms < times[1] && r.oid > above)
            .collect();
        let body = if q.contains_key("outStatistics") {
            let mut groups: BTreeMap<(&str, &str), u64> = BTreeMap::new();
            for r in &rows {
                *groups.entry((r.precinct, r.category)).or_default() += 1;
            }
            let features: Vec<Value> = groups
                .iter()
                .map(|((p, c), n)| json!({"attributes": {"police_precinct": p, "offense_category": c, "n": n}}))
                .collect();
            json!({ "features": features }).to_string()
        } else if q.get("returnDistinctValues").is_some_and(|v| v == "true") {
            let distinct: HashSet<&str> = rows.iter().map(|r| r.report.as_str()).collect();
            json!({ "count": distinct.len() }).to_string()
        } else if q.contains_key("returnCountOnly") {
            json!({ "count": rows.len() }).to_string()
        } else {
            return Reply::Body(self.page(&rows, &q));
        };
        Reply::Body(body.into_bytes())
    }

    fn page(&self, rows: &[&Row], q: &HashMap<String, String>) -> Vec<u8> {
        let offset: usize = q["resultOffset"].parse().unwrap();
        let asked: usize = q["resultRecordCount"].parse().unwrap();
        let standard =
            self.honours_standard && q.get("resultType").is_some_and(|t| t == "standard");
        let size = asked.min(if standard {
            32_000
        } else {
            self.max_record_count
        });
        let page: Vec<&Row> = rows.iter().skip(offset).take(size).copied().collect();
        let more = offset + page.len() < rows.len();
        let fields: Vec<String> = match q["outFields"].as_str() {
            "*" => [
                "ESRI_OID",
                "report_number",
                "incident_occurred_at",
                "offense_category",
                "offense_description",
                "police_precinct",
                "neighborhood",
                "longitude",
                "latitude",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            list => list.split(',').map(str::to_string).collect(),
        };
        if q["f"] == "pbf" {
            let result = pbf::FeatureResult {
                object_id_field_name: "ESRI_OID".into(),
                exceeded_transfer_limit: more,
                fields: fields
                    .iter()
                    .map(|f| pbf::Field {
                        name: f.clone(),
                        field_type: 4,
                        alias: f.clone(),
                    })
                    .collect(),
                features: page
                    .iter()
                    .map(|r| pbf::Feature {
                        attributes: Self::attributes(r, &fields)
                            .into_iter()
                            .map(|(_, v)| pbf_value(&v))
                            .collect(),
                        geometry: None,
                    })
                    .collect(),
                ..pbf::FeatureResult::default()
            };
            return pbf::FeatureCollectionPBuffer {
                version: "1".into(),
                query_result: Some(pbf::QueryResult {
                    results: Some(pbf::Results::FeatureResult(result)),
                }),
            }
            .encode_to_vec();
        }
        let features: Vec<Value> = page
            .iter()
            .map(|r| {
                let attrs: Map<String, Value> = Self::attributes(r, &fields).into_iter().collect();
                json!({ "attributes": attrs })
            })
            .collect();
        json!({"objectIdFieldName": "ESRI_OID", "features": features, "exceededTransferLimit": more})
            .to_string()
            .into_bytes()
    }
}

fn pbf_value(v: &Value) -> pbf::Value {
    use pbf::ValueType as T;
    pbf::Value {
        value_type: match v {
            Value::String(s) => Some(T::StringValue(s.clone())),
            Value::Number(n) if n.is_i64() => Some(T::Sint64Value(n.as_i64().unwrap())),
            Value::Number(n) => Some(T::DoubleValue(n.as_f64().unwrap())),
            _ => None,
        },
    }
}

fn decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A send as the driver saw it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub at: i64,
    pub send: Send,
    /// Progress just after the poll that sent it.
    pub progress: Progress,
    /// Bytes it cost: the URL and the reply's body.
    pub bytes: usize,
}

/// What the loader handed out, in the order taken (events of a poll or reply before its
/// pages).
#[derive(Debug, Clone)]
pub enum Handed {
    /// An event.
    Event(Event),
    /// A page: its index in [`Outcome::pages`].
    Page(usize),
}

/// What a driven load did.
#[derive(Debug)]
pub struct Outcome {
    pub state: LoadState,
    pub end_ms: i64,
    pub sent: Vec<Sent>,
    pub pages: Vec<ReadyPage>,
    pub notices: Vec<String>,
    /// States seen, in order, without repeats.
    pub states: Vec<LoadState>,
    /// Events and pages in the order handed out.
    pub handed: Vec<Handed>,
}

impl Outcome {
    /// Object ids loaded, in load order.
    pub fn oids(&self) -> Vec<i64> {
        self.pages
            .iter()
            .flat_map(|p| p.page.features.iter())
            .map(|(a, _)| a["ESRI_OID"].as_i64().unwrap())
            .collect()
    }

    /// Bytes of every request and reply.
    pub fn bytes(&self) -> usize {
        self.sent.iter().map(|s| s.bytes).sum()
    }

    /// Take the loader's events, then its pages.
    fn take(&mut self, loader: &mut Loader) {
        for e in loader.take_events() {
            if let Event::Notice(n) = &e {
                self.notices.push(n.clone());
            }
            self.handed.push(Handed::Event(e));
        }
        for p in loader.take_pages() {
            self.handed.push(Handed::Page(self.pages.len()));
            self.pages.push(p);
        }
    }

    /// Sends of page requests, in order.
    pub fn page_sends(&self) -> Vec<&Sent> {
        self.sent
            .iter()
            .filter(|s| matches!(s.send.request, Request::Page { .. }))
            .collect()
    }
}

/// Drive `loader` against `layer` until it is done or failed, or `limit_ms` passes. Every
/// answer comes `latency` ms after its send unless `fault` says otherwise (reply and delay).
pub fn drive(
    loader: &mut Loader,
    layer: &Layer,
    latency: i64,
    limit_ms: i64,
    mut fault: impl FnMut(&Send, i64, &Layer) -> Option<(Reply, i64)>,
) -> Outcome {
    let mut now = 0i64;
    let mut queue: BTreeMap<(i64, u64), (u64, Reply)> = BTreeMap::new();
    let mut seq = 0u64;
    let mut out = Outcome {
        state: LoadState::Running,
        end_ms: 0,
        sent: Vec::new(),
        pages: Vec::new(),
        notices: Vec::new(),
        states: Vec::new(),
        handed: Vec::new(),
    };
    loop {
        let poll = loader.poll(now);
        let progress = loader.progress();
        for s in poll.send {
            let (reply, delay) =
                fault(&s, now, layer).unwrap_or_else(|| (layer.answer(&s.url), latency));
            let body = match &reply {
                Reply::Body(b) => b.len(),
                _ => 0,
            };
            queue.insert((now + delay, seq), (s.id, reply));
            seq += 1;
            out.sent.push(Sent {
                at: now,
                bytes: s.url.len() + body,
                send: s,
                progress,
            });
        }
        out.take(loader);
        if out.states.last() != Some(&poll.state) {
            out.states.push(poll.state.clone());
        }
        out.state = poll.state.clone();
        if matches!(poll.state, LoadState::Done | LoadState::Failed(_)) {
            break;
        }
        let next_reply = queue.keys().next().map(|k| k.0);
        let next = match (next_reply, poll.wake_at) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a
                .or(b)
                .expect("the loader waits for nothing: stalled for good"),
        };
        if next > limit_ms {
            break;
        }
        now = next.max(now);
        while let Some(entry) = queue.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let (id, reply) = entry.remove();
            loader.on_reply(id, now, reply);
            out.take(loader);
        }
    }
    out.end_ms = now;
    out
}
