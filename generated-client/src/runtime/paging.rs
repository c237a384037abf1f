//! Lazy pagination: a stream of items that fetches the next page only when
//! the items of the previous one are used up.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
type Fetch<T> = Box<dyn FnMut(Option<String>) -> PageFuture<T> + Send>;

/// One page of a listing: its items and the cursor of the page after it.
///
/// To resume a long export later, keep `next` after handling a page and
/// start the same listing from it (`.after(cursor)` on a listing request,
/// the body's `after` for a search).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last page.
    pub next: Option<String>,
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
    pub(crate) fn new(
        cursor: Option<String>,
        fetch: impl FnMut(Option<String>) -> PageFuture<T> + Send + 'static,
    ) -> Self {
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

    /// The same listing page by page, each page with the cursor of the page
    /// after it, so a long export can resume where it stopped. Items already
    /// fetched but not yet delivered come first, as one page.
    pub fn into_pages(self) -> PageStream<T> {
        PageStream { items: self }
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

    /// Fetch the next page into the buffer: `Some(Ok(()))` once it is there
    /// (an empty page is still a page), `None` after the last page; an error
    /// (the fetch's, or the result limit) ends the listing.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<(), Error>>> {
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
        let Some(in_flight) = self.in_flight.as_mut() else { return Poll::Ready(None) };
        match in_flight.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => {
                self.in_flight = None;
                self.finished = true;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(Ok(page)) => {
                self.take_page(page);
                Poll::Ready(Some(Ok(())))
            }
        }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>> {
        if self.finished {
            return Poll::Ready(None);
        }
        if self.buffer.is_empty() {
            match self.poll_fill(cx) {
                Poll::Ready(Some(Ok(()))) => {}
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
        let room = self.limit.map_or(usize::MAX, |limit| limit.saturating_sub(self.delivered));
        if room == 0 {
            return Poll::Ready(self.over_limit().map(Err));
        }
        let items: Vec<T> = self.buffer.drain(..self.buffer.len().min(room)).collect();
        self.delivered += items.len();
        // Items past the limit stay buffered, so the next poll reports the
        // limit; this page then has no cursor to resume after.
        let next = if self.buffer.is_empty() { self.cursor.clone() } else { None };
        Poll::Ready(Some(Ok(Page { items, next })))
    }

    fn take_page(&mut self, page: Page<T>) {
        self.in_flight = None;
        self.pages += 1;
        self.buffer.extend(page.items);
        self.cursor = page.next.filter(|c| !c.is_empty());
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
            match self.poll_fill(cx) {
                Poll::Ready(Some(Ok(()))) => {}
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
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
        f.debug_struct("Pages")
            .field("pages_fetched", &self.pages)
            .field("delivered", &self.delivered)
            .field("finished", &self.finished)
            .finish()
    }
}

/// A listing page by page ([`Pages::into_pages`]): each [`Page`] has its
/// items and the cursor of the page after it.
#[must_use = "a listing fetches nothing until it is polled"]
#[derive(Debug)]
pub struct PageStream<T> {
    items: Pages<T>,
}

impl<T> PageStream<T> {
    /// The next page; `None` after the last.
    pub async fn next(&mut self) -> Option<Result<Page<T>, Error>> {
        std::future::poll_fn(|cx| self.items.poll_page(cx)).await
    }
}

impl<T> futures_core::Stream for PageStream<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().items.poll_page(cx)
    }
}

/// The few stream combinators a listing needs, for any [`futures_core::Stream`]
/// (such as [`Pages`] and [`PageStream`]), without a dependency on `futures`:
/// `next`, `take`, `map`, `collect` and `try_collect`. With the `futures`
/// crate, its `StreamExt` does the same and more (import one or the other).
pub trait StreamExt: futures_core::Stream {
    /// The next item; `None` at the end.
    fn next(&mut self) -> impl Future<Output = Option<Self::Item>> + Send + '_
    where
        Self: Unpin + Send,
    {
        std::future::poll_fn(move |cx| Pin::new(&mut *self).poll_next(cx))
    }

    /// At most `n` items, then the end (no further page is fetched).
    fn take(self, n: usize) -> Take<Self>
    where
        Self: Sized,
    {
        Take { stream: self, left: n }
    }

    /// Each item passed through `f`.
    fn map<U, F: FnMut(Self::Item) -> U>(self, f: F) -> Map<Self, F>
    where
        Self: Sized,
    {
        Map { stream: self, f }
    }

    /// Every item.
    fn collect(mut self) -> impl Future<Output = Vec<Self::Item>> + Send
    where
        Self: Sized + Unpin + Send,
        Self::Item: Send,
    {
        async move {
            let mut out = Vec::new();
            while let Some(item) = StreamExt::next(&mut self).await {
                out.push(item);
            }
            out
        }
    }

    /// Every item of a stream of results, or the first error.
    fn try_collect<T, E>(mut self) -> impl Future<Output = Result<Vec<T>, E>> + Send
    where
        Self: futures_core::Stream<Item = Result<T, E>> + Sized + Unpin + Send,
        T: Send,
        E: Send,
    {
        async move {
            let mut out = Vec::new();
            while let Some(item) = StreamExt::next(&mut self).await {
                out.push(item?);
            }
            Ok(out)
        }
    }
}

impl<S: futures_core::Stream + ?Sized> StreamExt for S {}

/// The stream [`StreamExt::take`] returns.
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct Take<S> {
    stream: S,
    left: usize,
}

impl<S: futures_core::Stream + Unpin> futures_core::Stream for Take<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let item = std::task::ready!(Pin::new(&mut self.stream).poll_next(cx));
        self.left = if item.is_some() { self.left - 1 } else { 0 };
        Poll::Ready(item)
    }
}

/// The stream [`StreamExt::map`] returns.
#[must_use = "streams do nothing unless polled"]
pub struct Map<S, F> {
    stream: S,
    f: F,
}

impl<S: futures_core::Stream + Unpin, U, F: FnMut(S::Item) -> U + Unpin> futures_core::Stream for Map<S, F> {
    type Item = U;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<U>> {
        let this = &mut *self;
        let item = std::task::ready!(Pin::new(&mut this.stream).poll_next(cx));
        Poll::Ready(item.map(&mut this.f))
    }
}

impl<S: std::fmt::Debug, F> std::fmt::Debug for Map<S, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Map").field("stream", &self.stream).finish_non_exhaustive()
    }
}
