//! Batch operations over any number of inputs: chunked, run with bounded
//! concurrency under the client's rate limiter, and merged.

use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::task::Poll;

use super::error::Error;

// The chunk size is not decided here: generated code passes the size its
// spec's conventions give (`generator/src/conventions/hubspot.rs`), the same
// figures its docs promise.

/// How many chunks of one batch call are in flight at once.
pub const BATCH_CONCURRENCY: usize = 4;

/// Everything a chunked batch call returned, in input order.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchOutcome<R, E> {
    /// Results of every chunk, chunk after chunk.
    pub results: Vec<R>,
    /// Per-item errors the server reported (207 answers), chunk after chunk.
    pub errors: Vec<E>,
    /// What happened to each chunk: which inputs it carried and its status or error.
    pub chunks: Vec<ChunkOutcome>,
}

/// One chunk of a batch call.
#[derive(Debug)]
#[non_exhaustive]
pub struct ChunkOutcome {
    /// The positions of the chunk's inputs in the original input list.
    pub inputs: Range<usize>,
    /// The chunk's HTTP status, or why it failed as a whole.
    pub result: Result<u16, Error>,
}

impl<R, E> BatchOutcome<R, E> {
    /// Did every chunk succeed with no per-item errors?
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && self.chunks.iter().all(|c| c.result.is_ok())
    }

    /// The chunks that failed as a whole (their inputs got no result).
    pub fn failed_chunks(&self) -> impl Iterator<Item = &ChunkOutcome> {
        self.chunks.iter().filter(|c| c.result.is_err())
    }
}

impl<R, E> BatchOutcome<R, E>
where
    R: Send + Sync + 'static,
    E: serde::Serialize + Send + Sync + 'static,
{
    /// Every result when the call is complete (every chunk succeeded, no
    /// per-item errors), so `?` works; otherwise [`Error::Batch`], which keeps
    /// this whole outcome ([`BatchError::into_outcome`]):
    /// `client.contacts().batch_read(&input).send_all().await.into_result()?`
    /// (the README's batch example compiles it). The runtime is also built
    /// into the generator's snapshot crate, so it carries no doc test naming
    /// this crate.
    pub fn into_result(self) -> Result<Vec<R>, Error> {
        if self.is_complete() {
            return Ok(self.results);
        }
        let failed = self.failed_chunks().count();
        let mut message = format!(
            "batch incomplete: {} of {} chunks failed, {} per-item errors",
            failed,
            self.chunks.len(),
            self.errors.len()
        );
        if let Some(chunk) = self.failed_chunks().next()
            && let Err(e) = &chunk.result
        {
            message.push_str(&format!("; inputs {:?}: {e}", chunk.inputs));
        }
        if let Some(first) = self.errors.first().and_then(|e| serde_json::to_value(e).ok()) {
            let text =
                first.get("message").and_then(|m| m.as_str()).map(str::to_owned).unwrap_or_else(|| first.to_string());
            message.push_str(&format!("; first item error: {text}"));
        }
        let BatchOutcome { results, errors, chunks } = self;
        Err(Error::Batch(Box::new(BatchError { message, items: Box::new((results, errors)), chunks })))
    }
}

/// A chunked batch call that was not complete: its message says how many
/// chunks failed and how many per-item errors arrived, with the first of each;
/// the whole [`BatchOutcome`] (results that did arrive, per-item errors, each
/// chunk's status or error) is kept.
pub struct BatchError {
    message: String,
    /// `(Vec<R>, Vec<E>)`: results and per-item errors.
    items: Box<dyn std::any::Any + Send + Sync>,
    chunks: Vec<ChunkOutcome>,
}

impl BatchError {
    /// The outcome the call returned, typed as its `send_all` gave it (for
    /// batch read: `BatchOutcome<SimplePublicObject, StandardError>`); `Err`
    /// with the error unchanged when `R`, `E` are not those types.
    pub fn into_outcome<R: 'static, E: 'static>(self) -> Result<BatchOutcome<R, E>, BatchError> {
        match self.items.downcast::<(Vec<R>, Vec<E>)>() {
            Ok(items) => {
                let (results, errors) = *items;
                Ok(BatchOutcome { results, errors, chunks: self.chunks })
            }
            Err(items) => Err(BatchError { items, ..self }),
        }
    }

    /// What happened to each chunk: its inputs and its status or error.
    pub fn chunks(&self) -> &[ChunkOutcome] {
        &self.chunks
    }

    /// The first chunk that failed as a whole: why.
    pub(crate) fn first_chunk_error(&self) -> Option<&Error> {
        self.chunks.iter().find_map(|c| c.result.as_ref().err())
    }
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Debug for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchError").field("message", &self.message).finish_non_exhaustive()
    }
}

/// What one chunk's call returned: status, results, per-item errors.
pub(crate) type ChunkResult<R, E> = Result<(u16, Vec<R>, Vec<E>), Error>;

/// A batch request's body sent in chunks: the list `inputs` picks out of the
/// body is split into chunks of `size`, each chunk goes out (with [`run`]) in
/// a copy of the body that carries only that chunk, and `send` sends one such
/// body. Generated `send_all` methods are this call.
pub(crate) async fn run_body<B, I, R, E, F, Fut>(
    body: &B,
    size: usize,
    inputs: impl Fn(&mut B) -> &mut Vec<I>,
    send: F,
) -> BatchOutcome<R, E>
where
    B: Clone,
    I: Clone,
    F: Fn(B) -> Fut,
    Fut: Future<Output = ChunkResult<R, E>>,
{
    let mut template = body.clone();
    let all = std::mem::take(inputs(&mut template));
    let body_for = |chunk: &[I]| {
        let mut body = template.clone();
        *inputs(&mut body) = chunk.to_vec();
        body
    };
    run(&all, size, body_for, send).await
}

/// Split `inputs` into chunks of `size`, make a request body for each with
/// `body_for`, send up to [`BATCH_CONCURRENCY`] at a time with `send`, and merge.
pub(crate) async fn run<I, B, R, E, F, Fut>(
    inputs: &[I],
    size: usize,
    body_for: impl Fn(&[I]) -> B,
    send: F,
) -> BatchOutcome<R, E>
where
    F: Fn(B) -> Fut,
    Fut: Future<Output = ChunkResult<R, E>>,
{
    let size = size.max(1);
    let ranges: Vec<Range<usize>> =
        (0..inputs.len()).step_by(size).map(|start| start..(start + size).min(inputs.len())).collect();
    let mut pending = ranges.iter().cloned().enumerate();
    let mut running: Vec<(usize, Pin<Box<Fut>>)> = Vec::new();
    let mut done: Vec<Option<ChunkResult<R, E>>> = ranges.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        while running.len() < BATCH_CONCURRENCY {
            let Some((i, range)) = pending.next() else { break };
            running.push((i, Box::pin(send(body_for(&inputs[range])))));
        }
        let mut k = 0;
        while k < running.len() {
            match running[k].1.as_mut().poll(cx) {
                Poll::Ready(out) => {
                    let (i, _) = running.swap_remove(k);
                    done[i] = Some(out);
                    if let Some((j, range)) = pending.next() {
                        running.push((j, Box::pin(send(body_for(&inputs[range])))));
                    }
                }
                Poll::Pending => k += 1,
            }
        }
        if running.is_empty() { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    let mut outcome =
        BatchOutcome { results: Vec::new(), errors: Vec::new(), chunks: Vec::with_capacity(ranges.len()) };
    for (range, result) in ranges.into_iter().zip(done) {
        let result = result.unwrap_or(Err(Error::Config("a batch chunk was never sent".into())));
        let result = result.map(|(status, results, errors)| {
            outcome.results.extend(results);
            outcome.errors.extend(errors);
            status
        });
        outcome.chunks.push(ChunkOutcome { inputs: range, result });
    }
    outcome
}
