//! `cargo bench -p hubspot-crm --bench rate`: the client-side rate limiter measured in
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
    println!(
        "{:<26} {:>9} {:>10} {:>10} {:>14}",
        "limit (rolling window)", "requests", "elapsed", "ideal", "busiest window"
    );
    for (label, limit, requests) in
        [("20 per second", RateLimit::per_second(20), 80), ("100 per 10 s", RateLimit::per_ten_seconds(100), 130)]
    {
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
        let (n, window) = if label.contains("10 s") { (100, 10.0) } else { (20, 1.0) };
        let started = Instant::now();
        runtime.block_on(async {
            for _ in 0..requests {
                client.contacts().get_by_id("1").send().await.expect("200");
            }
        });
        let elapsed = started.elapsed();
        // Paced: a tenth of `n` each tenth of the window (and its 1 % guard).
        let ideal = Duration::from_secs_f64(((requests - 1) / (n / 10)) as f64 * window / 10.0 * 1.01);
        let busiest = busiest(&server, Duration::from_secs_f64(window));
        println!(
            "{label:<26} {requests:>9} {:>9.2}s {:>9.2}s {busiest:>10} of {n}",
            elapsed.as_secs_f64(),
            ideal.as_secs_f64()
        );
        assert_eq!(server.requests().len(), requests);
    }
}

/// The most requests the server saw within any window of this length.
fn busiest(server: &MockServer, window: Duration) -> usize {
    let times: Vec<Instant> = server.requests().iter().map(|r| r.received_at).collect();
    let mut best = 0;
    let mut first = 0;
    for (last, t) in times.iter().enumerate() {
        while t.duration_since(times[first]) >= window {
            first += 1;
        }
        best = best.max(last + 1 - first);
    }
    best
}
