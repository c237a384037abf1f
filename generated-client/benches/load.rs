//! `cargo bench -p hubspot-crm --bench load`: one shared client under a bulk
//! job, against an in-process stand-in for HubSpot that injects failures.
//!
//! - **Bulk batch reads**: 64 tasks make 5,000 batch reads of 10 ids each
//!   through one client at its default settings. The server states a limit
//!   of 1,000 requests per rolling 10 s in HubSpot's headers (and answers
//!   429 by itself past it), and injects 429s of each policy, 503s and
//!   dropped connections at set rates: none (the client's own limiter is
//!   the bottleneck), transient ones only, and every kind. Printed: calls ok and failed,
//!   requests by answer, lost and duplicated ids, latency percentiles beside
//!   what the limits themselves impose, the busiest rolling 10 s window, and
//!   peak RSS.
//! - **Paging**: 100,000 records in pages of 100, without a client-side
//!   limit: records per second and resident memory along the way.
//! - **A 50 MB answer**: peak and remaining memory for reading it, and for
//!   refusing it with a smaller `max_response_size`.
//!
//! `LOAD_CALLS` and `LOAD_TASKS` change the size of the bulk job.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hubspot_crm::contacts::BatchReadResponse;
use hubspot_crm::contacts::types::{BatchReadInputSimplePublicObjectId, SimplePublicObjectId};
use hubspot_crm::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The limit the stand-in server states and enforces.
const LIMIT: usize = 1_000;
const WINDOW: Duration = Duration::from_secs(10);
const IDS_PER_CALL: usize = 10;

/// What the server does with a request, in per mille, the rest answered.
#[derive(Debug, Clone, Copy)]
struct Faults {
    rolling: u64,
    secondly: u64,
    daily: u64,
    unavailable: u64,
    dropped: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Answer {
    Ok,
    /// A 429 the server earned: more than the limit in its window.
    Earned,
    Rolling,
    Secondly,
    Daily,
    Unavailable,
    Dropped,
}

/// Everything the server saw.
struct State {
    faults: Faults,
    rng: u64,
    start: Instant,
    /// Arrival times, for the busiest window.
    arrivals: Vec<Duration>,
    /// Arrivals within the last window, for the limit it enforces.
    window: VecDeque<Instant>,
    answers: BTreeMap<Answer, usize>,
    /// Per call (its first id / 10): the answers it got.
    calls: BTreeMap<usize, Vec<Answer>>,
    /// One answer for every request (the large answer, made once so that
    /// the server's own copies do not count in the client's memory).
    fixed: Option<Arc<Vec<u8>>>,
}

impl State {
    fn new(faults: Faults) -> Self {
        State {
            faults,
            rng: 0x2545_f491_4f6c_dd1d,
            start: Instant::now(),
            arrivals: Vec::new(),
            window: VecDeque::new(),
            answers: BTreeMap::new(),
            calls: BTreeMap::new(),
            fixed: None,
        }
    }

    fn per_mille(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng % 1000
    }

    /// How the server answers the request arriving now.
    fn decide(&mut self) -> (Answer, usize) {
        let now = Instant::now();
        self.arrivals.push(now - self.start);
        while self.window.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            self.window.pop_front();
        }
        self.window.push_back(now);
        let remaining = LIMIT.saturating_sub(self.window.len());
        let answer = if self.window.len() > LIMIT {
            Answer::Earned
        } else {
            let f = self.faults;
            let roll = self.per_mille();
            let mut bound = 0;
            let mut pick = Answer::Ok;
            for (rate, answer) in [
                (f.rolling, Answer::Rolling),
                (f.secondly, Answer::Secondly),
                (f.daily, Answer::Daily),
                (f.unavailable, Answer::Unavailable),
                (f.dropped, Answer::Dropped),
            ] {
                bound += rate;
                if roll < bound {
                    pick = answer;
                    break;
                }
            }
            pick
        };
        *self.answers.entry(answer).or_default() += 1;
        (answer, remaining)
    }
}

fn response(status: u16, remaining: usize, body: &[u8]) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        429 => "Too Many Requests",
        _ => "Service Unavailable",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         X-HubSpot-RateLimit-Max: {LIMIT}\r\nX-HubSpot-RateLimit-Interval-Milliseconds: {}\r\n\
         X-HubSpot-RateLimit-Remaining: {remaining}\r\n\r\n",
        body.len(),
        WINDOW.as_millis()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn rate_limited(policy: &str) -> Vec<u8> {
    format!(
        r#"{{"status":"error","message":"You have reached your {policy} limit.","errorType":"RATE_LIMIT","correlationId":"bench","policyName":"{policy}"}}"#
    )
    .into_bytes()
}

fn record(id: &str, padding: usize) -> String {
    let pad = "x".repeat(padding);
    format!(
        r#"{{"id":"{id}","properties":{{"email":"{id}@example.com","firstname":"Name {id}","notes":"{pad}","hs_object_id":"{id}"}},"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-02T00:00:00Z","archived":false}}"#
    )
}

/// The answer to one request: batch reads by the ids asked for, listings by
/// cursor (100,000 records in all).
fn answer(state: &Mutex<State>, method: &str, target: &str, body: &[u8]) -> Option<Arc<Vec<u8>>> {
    let (decision, remaining) = {
        let mut s = state.lock().unwrap();
        if let Some(fixed) = &s.fixed {
            return Some(fixed.clone());
        }
        s.decide()
    };
    let ids: Vec<String> = if method == "POST" {
        let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        value["inputs"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str().map(str::to_owned)).collect()
    } else {
        Vec::new()
    };
    if let Some(call) = ids.first().and_then(|id| id.parse::<usize>().ok()) {
        state.lock().unwrap().calls.entry(call / IDS_PER_CALL).or_default().push(decision);
    }
    match decision {
        Answer::Ok => {}
        Answer::Earned | Answer::Rolling => {
            return Some(response(429, remaining, &rate_limited("TEN_SECONDLY_ROLLING")).into());
        }
        Answer::Secondly => return Some(response(429, remaining, &rate_limited("SECONDLY")).into()),
        Answer::Daily => return Some(response(429, remaining, &rate_limited("DAILY")).into()),
        Answer::Unavailable => {
            let body = br#"{"status":"error","message":"Service unavailable"}"#;
            return Some(response(503, remaining, body).into());
        }
        Answer::Dropped => return None,
    }
    let body = if method == "POST" {
        let results: Vec<String> = ids.iter().map(|id| record(id, 0)).collect();
        format!(
            r#"{{"status":"COMPLETE","results":[{}],"startedAt":"2024-01-01T00:00:00Z","completedAt":"2024-01-01T00:00:01Z"}}"#,
            results.join(",")
        )
    } else {
        let after: usize = target.split("after=").nth(1).and_then(|a| a.split('&').next()?.parse().ok()).unwrap_or(0);
        let end = (after + 100).min(100_000);
        let results: Vec<String> = (after..end).map(|i| record(&i.to_string(), 0)).collect();
        let paging = if end < 100_000 {
            format!(r#","paging":{{"next":{{"after":"{end}","link":"?after={end}"}}}}"#)
        } else {
            String::new()
        };
        format!(r#"{{"results":[{}]{paging}}}"#, results.join(","))
    };
    Some(response(200, remaining, body.as_bytes()).into())
}

/// One keep-alive connection: requests in, answers out, until the client
/// closes it or a dropped answer closes it here.
async fn connection(mut socket: TcpStream, state: Arc<Mutex<State>>) {
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let head_end = loop {
            if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match socket.read_buf(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let mut words = head.split_whitespace();
        let (method, target) = (words.next().unwrap_or("").to_owned(), words.next().unwrap_or("").to_owned());
        let length: usize = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buffer.len() < head_end + length {
            match socket.read_buf(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        let body: Vec<u8> = buffer.drain(..head_end + length).skip(head_end).collect();
        match answer(&state, &method, &target, &body) {
            Some(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            None => return,
        }
    }
}

/// A server on 127.0.0.1, stopped when dropped (its connections end when
/// the client that opened them is dropped).
struct Server {
    url: String,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn serve(state: Arc<Mutex<State>>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let accept = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let _ = socket.set_nodelay(true);
            tokio::spawn(connection(socket, state.clone()));
        }
    });
    Server { url, accept }
}

/// Resident memory now and at its peak, in MB (Linux).
fn rss() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Start counting peak memory from now (Linux: `clear_refs` 5 resets VmHWM).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// The most arrivals within any rolling window.
fn busiest_window(arrivals: &[Duration]) -> usize {
    let mut best = 0;
    let mut first = 0;
    for (last, t) in arrivals.iter().enumerate() {
        while *t - arrivals[first] >= WINDOW {
            first += 1;
        }
        best = best.max(last + 1 - first);
    }
    best
}

/// What the limits alone make a call wait: its share of the queue (every
/// task ahead of it, at the stated rate) and the waits the server asked for
/// (the 429 windows; half the first backoff for each 503 or drop).
fn imposed(answers: &[Answer], tasks: usize) -> Duration {
    let queue = WINDOW.mul_f64(tasks as f64 / LIMIT as f64);
    answers.iter().fold(queue, |total, answer| {
        total
            + match answer {
                Answer::Earned | Answer::Rolling => WINDOW,
                Answer::Secondly => Duration::from_secs(1),
                Answer::Unavailable | Answer::Dropped => Duration::from_millis(250),
                Answer::Ok | Answer::Daily => Duration::ZERO,
            }
    })
}

fn bulk(runtime: &tokio::runtime::Runtime, label: &str, faults: Faults, calls: usize, tasks: usize) {
    let state = Arc::new(Mutex::new(State::new(faults)));
    reset_peak();
    let server = runtime.block_on(serve(state.clone()));
    let url = server.url.clone();
    // Default settings: only the address differs.
    let client = Client::builder("bench-token").base_url(url).build().expect("client");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    type Outcome = (usize, Duration, Result<Vec<String>, String>);
    let outcomes: Vec<Outcome> = runtime.block_on(async {
        let workers: Vec<_> = (0..tasks)
            .map(|_| {
                let (client, next) = (client.clone(), next.clone());
                tokio::spawn(async move {
                    let mut done = Vec::new();
                    loop {
                        let call = next.fetch_add(1, Ordering::Relaxed);
                        if call >= calls {
                            return done;
                        }
                        let ids = (call * IDS_PER_CALL..(call + 1) * IDS_PER_CALL).map(|i| i.to_string());
                        let input = BatchReadInputSimplePublicObjectId::builder()
                            .inputs(ids.map(SimplePublicObjectId::new).collect::<Vec<_>>())
                            .properties(["email", "firstname"])
                            .build();
                        let t = Instant::now();
                        let result = client.contacts().batch_read(&input).send().await;
                        let read = match result {
                            Ok(BatchReadResponse::Ok(batch)) => Ok(batch.results.into_iter().map(|r| r.id).collect()),
                            Ok(BatchReadResponse::MultiStatus(batch)) => {
                                Ok(batch.results.into_iter().map(|r| r.id).collect())
                            }
                            Err(e) => Err(describe(&e)),
                        };
                        done.push((call, t.elapsed(), read));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.await.expect("worker"));
        }
        all
    });
    let elapsed = started.elapsed();
    let (_, peak) = rss();
    let s = state.lock().unwrap();

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    let mut latencies = Vec::new();
    let mut limits_impose = Vec::new();
    let mut lost = 0;
    for (call, latency, read) in &outcomes {
        latencies.push(*latency);
        limits_impose.push(imposed(s.calls.get(call).map_or(&[][..], Vec::as_slice), tasks));
        match read {
            Ok(ids) => {
                for id in ids {
                    *seen.entry(id.clone()).or_default() += 1;
                }
                let expected = (call * IDS_PER_CALL..(call + 1) * IDS_PER_CALL).map(|i| i.to_string());
                lost += expected.filter(|id| !ids.contains(id)).count();
            }
            Err(kind) => *failures.entry(kind.clone()).or_default() += 1,
        }
    }
    let duplicated: usize = seen.values().map(|n| n.saturating_sub(1)).sum();
    latencies.sort();
    limits_impose.sort();
    let failed: usize = failures.values().sum();
    let daily_calls = s.calls.values().filter(|a| a.contains(&Answer::Daily)).count();
    let answers: Vec<String> = s.answers.iter().map(|(a, n)| format!("{a:?} {n}")).collect();
    let p99 = percentile(&latencies, 0.99);
    let p99_imposed = percentile(&limits_impose, 0.99);

    println!("\n== bulk batch reads: {label}");
    println!(
        "faults per mille: 429 TEN_SECONDLY_ROLLING {}, 429 SECONDLY {}, 429 DAILY {}, 503 {}, dropped {}",
        faults.rolling, faults.secondly, faults.daily, faults.unavailable, faults.dropped
    );
    println!(
        "calls: {} in {:.1} s with {tasks} tasks, one client, default settings",
        outcomes.len(),
        elapsed.as_secs_f64()
    );
    println!("calls ok: {}, failed: {failed} {failures:?}", outcomes.len() - failed);
    println!("  calls that met a DAILY 429 (not waited out, by design): {daily_calls}");
    println!("requests sent: {} ({})", s.arrivals.len(), answers.join(", "));
    println!("ids lost (in successful calls): {lost}, duplicated: {duplicated}, read: {}", seen.len());
    println!(
        "latency: p50 {:.2} s, p90 {:.2} s, p99 {:.2} s, max {:.2} s",
        percentile(&latencies, 0.5).as_secs_f64(),
        percentile(&latencies, 0.9).as_secs_f64(),
        p99.as_secs_f64(),
        latencies.last().copied().unwrap_or_default().as_secs_f64()
    );
    println!(
        "what the limits impose: p50 {:.2} s, p99 {:.2} s; p99 latency / p99 imposed = {:.2}",
        percentile(&limits_impose, 0.5).as_secs_f64(),
        p99_imposed.as_secs_f64(),
        p99.as_secs_f64() / p99_imposed.as_secs_f64()
    );
    println!("busiest rolling {} s window: {} requests (limit {LIMIT})", WINDOW.as_secs(), busiest_window(&s.arrivals));
    println!("peak RSS: {peak:.1} MB");
}

fn describe(e: &Error) -> String {
    match e {
        Error::RateLimited(api) => format!("429 {}", api.policy_name().unwrap_or("?")),
        Error::Server(api) => format!("{}", api.status),
        Error::Timeout(t) => format!("timeout {:?}", t.which),
        Error::Connection { .. } => "connection".into(),
        other => format!("{other}"),
    }
}

fn paging(runtime: &tokio::runtime::Runtime) {
    let state =
        Arc::new(Mutex::new(State::new(Faults { rolling: 0, secondly: 0, daily: 0, unavailable: 0, dropped: 0 })));
    let server = runtime.block_on(serve(state.clone()));
    let url = server.url.clone();
    let client = Client::builder("bench-token").base_url(url).no_rate_limit().build().expect("client");
    reset_peak();
    let (before, _) = rss();
    let started = Instant::now();
    let mut marks = Vec::new();
    let count = runtime.block_on(async {
        let mut stream = client.contacts().get_page().limit(100).into_stream();
        let mut n = 0usize;
        while let Some(item) = stream.next().await {
            item.expect("record");
            n += 1;
            if n.is_multiple_of(25_000) {
                marks.push(format!("{}k: {:.1} MB", n / 1000, rss().0));
            }
        }
        n
    });
    let elapsed = started.elapsed();
    let (_, peak) = rss();
    println!("\n== paging");
    println!(
        "{count} records in {:.2} s: {:.0} records/s (no client-side limit)",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64()
    );
    println!("RSS before {before:.1} MB; along the way {}; peak {peak:.1} MB", marks.join(", "));
}

fn large_answer(runtime: &tokio::runtime::Runtime) {
    let state =
        Arc::new(Mutex::new(State::new(Faults { rolling: 0, secondly: 0, daily: 0, unavailable: 0, dropped: 0 })));
    // 100 records of about 500 KB: a 50 MB answer.
    let results: Vec<String> = (0..100).map(|i| record(&i.to_string(), 500_000)).collect();
    let body = format!(
        r#"{{"status":"COMPLETE","results":[{}],"startedAt":"2024-01-01T00:00:00Z","completedAt":"2024-01-01T00:00:01Z"}}"#,
        results.join(",")
    );
    drop(results);
    state.lock().unwrap().fixed = Some(Arc::new(response(200, LIMIT, body.as_bytes())));
    let size = body.len();
    drop(body);
    let server = runtime.block_on(serve(state.clone()));
    let url = server.url.clone();
    let input = BatchReadInputSimplePublicObjectId::builder()
        .inputs((0..100).map(|i| SimplePublicObjectId::new(i.to_string())).collect::<Vec<_>>())
        .properties(["notes"])
        .build();
    println!("\n== a {:.1} MB answer", size as f64 / 1e6);
    for (label, limit) in
        [("read (default limit, 128 MiB)", None), ("refused (max_response_size 16 MiB)", Some(16 << 20))]
    {
        let mut builder = Client::builder("bench-token").base_url(url.clone()).no_rate_limit();
        if let Some(limit) = limit {
            builder = builder.max_response_size(limit);
        }
        let client = builder.build().expect("client");
        reset_peak();
        let (before, _) = rss();
        let outcome = runtime.block_on(async {
            match client.contacts().batch_read(&input).send().await {
                Ok(BatchReadResponse::Ok(batch)) => {
                    let (now, _) = rss();
                    let records = batch.results.len();
                    drop(batch);
                    format!("ok, {records} records ({now:.1} MB resident while the value is held)")
                }
                Ok(other) => format!("unexpected {}", other.status()),
                Err(e) => format!("error: {e}"),
            }
        });
        let (after, peak) = rss();
        println!(
            "{label}: {outcome}\n  RSS before {before:.1} MB, peak {peak:.1} MB (+{:.1}), after dropping {after:.1} MB",
            peak - before
        );
    }
}

fn main() {
    let calls = std::env::var("LOAD_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let tasks = std::env::var("LOAD_TASKS").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    println!("load benchmark: {calls} calls, {tasks} tasks; server limit {LIMIT} per {} s", WINDOW.as_secs());
    bulk(
        &runtime,
        "no faults: the client's limiter is the bottleneck",
        Faults { rolling: 0, secondly: 0, daily: 0, unavailable: 0, dropped: 0 },
        calls,
        tasks,
    );
    bulk(
        &runtime,
        "transient 429 and 503",
        Faults { rolling: 100, secondly: 0, daily: 0, unavailable: 50, dropped: 0 },
        calls,
        tasks,
    );
    bulk(
        &runtime,
        "every 429 policy, 503s and dropped connections",
        Faults { rolling: 40, secondly: 30, daily: 5, unavailable: 30, dropped: 20 },
        calls,
        tasks,
    );
    paging(&runtime);
    large_answer(&runtime);
}
