//! `cargo bench -p hubspot-crm --bench typed`: a 100-record batch-read body
//! decoded three ways, printed as figures (median of repeated runs):
//!
//! - `map`: the JSON body into the generated batch type, properties as a
//!   map of text (what every call does);
//! - `map + property_as`: that, then each of the 12 properties parsed from
//!   the map by hand, as a program without typed properties does;
//! - `map + decode::<P>`: that, then each record decoded into a
//!   `properties!` struct of the same 12 properties;
//! - `Batch<P>`: the body straight into typed records (what
//!   `send_as::<Batch<P>>()` does), no map built.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hubspot_crm::contacts::types::BatchResponseSimplePublicObject;
use hubspot_crm::jiff::{Timestamp, civil::Date};
use hubspot_crm::typed::{Batch, Record};

hubspot_crm::property_enum! {
    enum Stage {
        Lead = "lead",
        Customer = "customer",
    }
}

hubspot_crm::properties! {
    #[allow(dead_code)]
    #[derive(Debug, PartialEq)]
    struct Contact {
        email: Option<String>,
        firstname: Option<String>,
        lastname: Option<String>,
        phone: Option<String>,
        numemployees: Option<u32>,
        annualrevenue: Option<f64>,
        hs_email_optout: Option<bool>,
        createdate: Option<Timestamp>,
        lastmodifieddate: Option<Timestamp>,
        date_of_birth: Option<Date>,
        lifecyclestage: Option<Stage>,
        hs_buying_role: Option<Vec<String>>,
    }
}

/// The same 12 properties, read from the map one by one.
#[allow(dead_code)]
struct ByHand {
    id: String,
    email: Option<String>,
    firstname: Option<String>,
    lastname: Option<String>,
    phone: Option<String>,
    numemployees: Option<u32>,
    annualrevenue: Option<f64>,
    hs_email_optout: Option<bool>,
    createdate: Option<Timestamp>,
    lastmodifieddate: Option<Timestamp>,
    date_of_birth: Option<Date>,
    lifecyclestage: Option<String>,
    hs_buying_role: Option<Vec<String>>,
}

fn body() -> String {
    let records: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({
                "id": format!("{}", 1000 + i),
                "archived": false,
                "createdAt": "2024-03-04T09:15:00.000Z",
                "updatedAt": "2024-05-20T14:02:11.250Z",
                "properties": {
                    "email": format!("person{i}@example.com"),
                    "firstname": "Ada",
                    "lastname": if i % 3 == 0 { serde_json::Value::Null } else { "Lovelace".into() },
                    "phone": "+44 20 7946 0000",
                    "numemployees": format!("{}", i * 7),
                    "annualrevenue": "1250000.50",
                    "hs_email_optout": if i % 2 == 0 { "true" } else { "false" },
                    "createdate": "2024-03-04T09:15:00.000Z",
                    "lastmodifieddate": "2024-05-20T14:02:11.250Z",
                    "date_of_birth": "1815-12-10",
                    "lifecyclestage": if i % 2 == 0 { "lead" } else { "customer" },
                    "hs_buying_role": "BUDGET_HOLDER;END_USER",
                    "hs_object_id": format!("{}", 1000 + i)
                }
            })
        })
        .collect();
    serde_json::json!({
        "status": "COMPLETE",
        "requestedAt": "2024-05-20T14:02:09.5Z",
        "startedAt": "2024-05-20T14:02:10Z",
        "completedAt": "2024-05-20T14:02:11.254Z",
        "results": records
    })
    .to_string()
}

fn map_only(json: &str) -> usize {
    let batch: BatchResponseSimplePublicObject = serde_json::from_str(json).expect("decodes");
    batch.results.len()
}

fn by_hand(json: &str) -> Vec<ByHand> {
    let batch: BatchResponseSimplePublicObject = serde_json::from_str(json).expect("decodes");
    batch
        .results
        .iter()
        .map(|r| ByHand {
            id: r.id.clone(),
            email: r.property("email").map(str::to_owned),
            firstname: r.property("firstname").map(str::to_owned),
            lastname: r.property("lastname").map(str::to_owned),
            phone: r.property("phone").map(str::to_owned),
            numemployees: r.property_as("numemployees").and_then(Result::ok),
            annualrevenue: r.property_as("annualrevenue").and_then(Result::ok),
            hs_email_optout: r.property_as("hs_email_optout").and_then(Result::ok),
            createdate: r.property_as("createdate").and_then(Result::ok),
            lastmodifieddate: r.property_as("lastmodifieddate").and_then(Result::ok),
            date_of_birth: r.property_as("date_of_birth").and_then(Result::ok),
            lifecyclestage: r.property("lifecyclestage").map(str::to_owned),
            hs_buying_role: r.property("hs_buying_role").map(|s| s.split(';').map(str::to_owned).collect()),
        })
        .collect()
}

fn typed(json: &str) -> Vec<Record<Contact>> {
    let batch: BatchResponseSimplePublicObject = serde_json::from_str(json).expect("decodes");
    batch.results.iter().map(|r| r.decode::<Contact>().expect("typed")).collect()
}

fn straight(json: &str) -> Vec<Record<Contact>> {
    let batch: Batch<Contact> = serde_json::from_str(json).expect("decodes");
    batch.results
}

/// Median time of one call over `rounds` rounds of `per_round` calls.
fn median(rounds: usize, per_round: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_round {
                f();
            }
            started.elapsed() / per_round as u32
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn main() {
    let json = body();
    assert_eq!(typed(&json).len(), 100);
    assert_eq!(by_hand(&json).len(), 100);
    assert!(straight(&json) == typed(&json), "both typed paths agree");
    let (rounds, per_round) = (31, 40);
    // Interleaved, so that drift in the machine's speed falls on all three alike.
    let mut figures = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..3 {
        figures[0].push(median(rounds, per_round, || {
            black_box(map_only(black_box(&json)));
        }));
        figures[1].push(median(rounds, per_round, || {
            black_box(by_hand(black_box(&json)));
        }));
        figures[2].push(median(rounds, per_round, || {
            black_box(typed(black_box(&json)));
        }));
        figures[3].push(median(rounds, per_round, || {
            black_box(straight(black_box(&json)));
        }));
    }
    let best = |v: &Vec<Duration>| *v.iter().min().expect("runs");
    let base = best(&figures[0]);
    println!("a 100-record batch-read body ({} bytes), 12 properties per record", json.len());
    let labels = ["map", "map + property_as (by hand)", "map + decode::<P> (typed)", "Batch<P> (typed, no map)"];
    for (label, f) in labels.iter().zip(&figures) {
        let t = best(f);
        println!(
            "{label:<30} {:>8.1} µs  ({:+.0} % on the map alone)",
            t.as_secs_f64() * 1e6,
            (t.as_secs_f64() / base.as_secs_f64() - 1.0) * 100.0
        );
    }
    let ratio = |a: usize, b: usize| best(&figures[a]).as_secs_f64() / best(&figures[b]).as_secs_f64();
    println!("decode::<P> / by hand: {:.2}; Batch<P> / map: {:.2}", ratio(2, 1), ratio(3, 0));
}
