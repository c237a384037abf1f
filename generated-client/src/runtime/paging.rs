//! Lazy pagination: a stream of items that fetches the next page only when
//! the items of the previous one are used up.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
type Fetch<T> = Box<dyn FnMut(Option<String>) -> PageFuture<T> + Send>;

/// One page: its items and the cursor of the next page, if any.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) next: Option<String>,
}

/// Every item of a paginated listing, page after page, as a
/// [`futures_core::Stream`] (or with [`Pages::next`] without a stream library).
///
/// A page is requested only when the items already fetched are used up; the
/// stream ends after the page without a `paging.next` cursor. A failed page
/// ends the stream with that error.
#[must_use = "a listing fetches nothing until it is polled"]
pub struct Pages<T> {
    fetch: Fetch<T>,
    in_flight: Option<PageFuture<T>>,
    buffer: VecDeque<T>,
    cursor: Option<String>,
    started: bool,
    finished: bool,
    delivered: usize,
    limit: Option<usize>,
    pages: usize,
}

// Items are only moved in and out of the buffer, never pinned.
impl<T> Unpin for Pages<T> {}

impl<T> Pages<T> {
    /// A listing that starts at `cursor` and asks `fetch` for each page.
    pub(crate) fn new(cursor: Option<String>, fetch: impl FnMut(Option<String>) -> PageFuture<T> + Send + 'static) -> Self {
        Pages {
            fetch: Box::new(fetch),
            in_flight: None,
            buffer: VecDeque::new(),
            cursor,
            started: false,
            finished: false,
            delivered: 0,
            limit: None,
            pages: 0,
        }
    }

    /// Stop with [`Error::ResultLimit`] rather than ask past `limit` results.
    pub(crate) fn with_limit(mut self, limit: Option<usize>) -> Self {
        self.limit = limit;
        self
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages
    }

    /// The next item, fetching a page if needed; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    fn over_limit(&mut self) -> Option<Error> {
        let limit = self.limit?;
        (self.delivered >= limit).then(|| {
            self.finished = true;
            self.buffer.clear();
            Error::ResultLimit { limit }
        })
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if self.finished {
                return Poll::Ready(None);
            }
            if let Some(item) = self.buffer.pop_front() {
                if let Some(e) = self.over_limit() {
                    return Poll::Ready(Some(Err(e)));
                }
                self.delivered += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            if self.in_flight.is_none() {
                if self.started && self.cursor.is_none() {
                    self.finished = true;
                    return Poll::Ready(None);
                }
                if let Some(e) = self.over_limit() {
                    return Poll::Ready(Some(Err(e)));
                }
                self.started = true;
                let cursor = self.cursor.take();
                self.in_flight = Some((self.fetch)(cursor));
            }
            let Some(in_flight) = self.in_flight.as_mut() else { continue };
            match in_flight.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => {
                    self.in_flight = None;
                    self.finished = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Ok(page)) => {
                    self.in_flight = None;
                    self.pages += 1;
                    self.buffer.extend(page.items);
                    self.cursor = page.next.filter(|c| !c.is_empty());
                }
            }
        }
    }
}

impl<T> futures_core::Stream for Pages<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("pages_fetched", &self.pages).field("delivered", &self.delivered).field("finished", &self.finished).finish()
    }
}
