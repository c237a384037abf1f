//! `cargo bench -p hubspot-crm`: the client-side rate limiter measured in
//! real time against a local server, printed as figures. (The exact
//! schedule is tested with a paused clock in the limiter's unit tests.)

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use hubspot_crm::{Client, RateLimit, RetryPolicy};
use support::{MockResponse, MockServer};

const BODY: &str = r#"{"id":"1","properties":{},"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","archived":false}"#;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    println!("{:<34} {:>9} {:>10} {:>12} {:>12}", "limit", "requests", "elapsed", "achieved/s", "expected/s");
    for (label, limit, requests) in [
        ("20 per second (burst 20)", RateLimit::per_second(20), 80),
        ("100 per 10 s (burst 100)", RateLimit::per_ten_seconds(100), 130),
    ] {
        let server = MockServer::start();
        for _ in 0..requests {
            server.enqueue(MockResponse::new(200).json(BODY));
        }
        let client = Client::builder("t")
            .base_url(server.url())
            .rate_limit(limit)
            .retry(RetryPolicy::none())
            .build()
            .expect("client");
        let started = Instant::now();
        runtime.block_on(async {
            for _ in 0..requests {
                client.contacts().get_by_id("1").send().await.expect("200");
            }
        });
        let elapsed = started.elapsed();
        let burst = match label.split_whitespace().next() {
            Some("20") => 20.0,
            _ => 100.0,
        };
        let per_second = if label.contains("10 s") { 10.0 } else { 20.0 };
        // After the burst, the rest arrive at the configured rate.
        let expected = Duration::from_secs_f64((requests as f64 - burst) / per_second);
        let achieved = (requests as f64 - burst) / elapsed.as_secs_f64();
        println!(
            "{label:<34} {requests:>9} {:>9.2}s {achieved:>12.2} {per_second:>12.2}   (ideal {:.2}s)",
            elapsed.as_secs_f64(),
            expected.as_secs_f64()
        );
        assert_eq!(server.requests().len(), requests);
    }
}
