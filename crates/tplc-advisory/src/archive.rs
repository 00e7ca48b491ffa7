//! Streaming the records of zip and tar.gz archives, one entry at a time.
//!
//! Reading an archive from a path decompresses on a second thread while the calling thread
//! parses and visits ([`ReadOptions::read_ahead`]); decompression is about two thirds of the
//! work on the osv.dev exports, parsing the rest, and the caller's visitor (building an index)
//! adds to the parsing side. The threads hand records over in batches through a channel of two
//! batches, so only a few batches (each up to [`BATCH_BYTES`] plus one record) are in memory.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use crate::model::{Advisory, RecordError};
use crate::source::{Out, ReadOptions, ReadSummary, Sink, SourceError, is_json_name, read_limited};

/// The read buffer for archive files. The zip reader seeks to every entry, and a seek empties
/// the buffer, so it is kept small: a few entries' compressed size.
const BUFFER_BYTES: usize = 16 * 1024;

/// A read-ahead batch is handed over once it holds this many bytes of records.
const BATCH_BYTES: usize = 1024 * 1024;

/// A read-ahead batch is handed over once it holds this many entries.
const BATCH_ITEMS: usize = 256;

/// Every `*.json` entry of the zip archive at `path`, in archive order.
pub(crate) fn read_zip(
    path: &Path,
    options: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<(), SourceError> {
    let file = File::open(path).map_err(|error| SourceError::io(path, error))?;
    let reader = BufReader::with_capacity(BUFFER_BYTES, file);
    let shown = path.display().to_string();
    if options.read_ahead {
        read_ahead(sink, |out| zip_entries(reader, &shown, out))
    } else {
        zip_entries(reader, &shown, sink)
    }
}

/// Every regular `*.json` member of the gzip-compressed tar archive at `path`, in archive order.
pub(crate) fn read_tar_gz(
    path: &Path,
    options: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<(), SourceError> {
    let file = File::open(path).map_err(|error| SourceError::io(path, error))?;
    let reader = BufReader::with_capacity(BUFFER_BYTES, file);
    let shown = path.display().to_string();
    if options.read_ahead {
        read_ahead(sink, |out| tar_gz_members(reader, &shown, out))
    } else {
        tar_gz_members(reader, &shown, sink)
    }
}

/// Reads every `*.json` entry of the zip archive `reader` holds, on the calling thread, as
/// [`crate::read_osv_path`] reads a `.zip` file; `location` names the archive in record
/// locations (`location:entry`).
///
/// # Errors
///
/// [`SourceError::Archive`] when `reader` does not hold a zip archive or its central directory
/// is corrupt.
pub fn read_osv_zip<R: Read + Seek>(
    reader: R,
    location: &str,
    options: &ReadOptions,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
) -> Result<ReadSummary, SourceError> {
    let mut sink = Sink::new(visit, options);
    zip_entries(reader, location, &mut sink)?;
    Ok(sink.summary)
}

/// Reads every `*.json` member of the gzip-compressed tar archive `reader` holds, on the
/// calling thread, as [`crate::read_osv_path`] reads a `.tar.gz` file; `location` names the
/// archive in record locations (`location:member`).
///
/// # Errors
///
/// [`SourceError::Archive`] when `reader` does not hold gzip-compressed tar.
pub fn read_osv_tar_gz<R: Read>(
    reader: R,
    location: &str,
    options: &ReadOptions,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
) -> Result<ReadSummary, SourceError> {
    let mut sink = Sink::new(visit, options);
    tar_gz_members(reader, location, &mut sink)?;
    Ok(sink.summary)
}

/// The entries of a zip archive.
///
/// The central directory is read first (a fault there is a [`SourceError`]); then each entry is
/// decompressed on its own, so a bad local header, deflate stream or CRC fails only that entry.
fn zip_entries<R: Read + Seek>(
    reader: R,
    shown: &str,
    out: &mut dyn Out,
) -> Result<(), SourceError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|error| SourceError::Archive {
        path: shown.to_owned(),
        message: format!("not a readable zip archive: {error}"),
    })?;
    for position in 0..archive.len() {
        let name = archive
            .name_for_index(position)
            .unwrap_or_default()
            .to_owned();
        if name.ends_with('/') || !is_json_name(&name) {
            out.skip();
            continue;
        }
        let location = format!("{shown}:{name}");
        let mut entry = match archive.by_index(position) {
            Ok(entry) => entry,
            Err(error) => {
                out.fail(location, format!("cannot read the entry: {error}"));
                continue;
            }
        };
        if entry.size() > out.limit() {
            out.too_large(location, entry.size());
            continue;
        }
        let _ = out.record(&mut entry, &location);
    }
    Ok(())
}

/// The members of a gzip-compressed tar archive.
///
/// A fault before the first member (not gzip, not tar) is a [`SourceError`]; a fault later is a
/// record error, after which the archive ends if the fault was in a header or the compressed
/// stream (a tar has no index to resume from).
fn tar_gz_members<R: Read>(reader: R, shown: &str, out: &mut dyn Out) -> Result<(), SourceError> {
    let decoder = flate2::read::GzDecoder::new(reader);
    let mut archive = tar::Archive::new(decoder);
    let entries = archive.entries().map_err(|error| SourceError::Archive {
        path: shown.to_owned(),
        message: format!("not a readable tar.gz archive: {error}"),
    })?;
    let mut previous: Option<String> = None;
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let Some(after) = &previous else {
                    return Err(SourceError::Archive {
                        path: shown.to_owned(),
                        message: format!("not a readable tar.gz archive: {error}"),
                    });
                };
                out.fail(
                    format!("{shown}:{after}"),
                    format!("the archive is corrupt after this member: {error}"),
                );
                break;
            }
        };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        previous = Some(name.clone());
        if !entry.header().entry_type().is_file() || !is_json_name(&name) {
            out.skip();
            continue;
        }
        let location = format!("{shown}:{name}");
        let size = entry.size();
        if size > out.limit() {
            out.too_large(location, size);
            continue;
        }
        if out.record(&mut entry, &location).is_err() {
            // The compressed stream or the member is broken: nothing after it can be trusted.
            break;
        }
    }
    Ok(())
}

/// What the reading thread hands to the parsing one.
enum Item {
    /// A record's bytes.
    Record { location: String, bytes: Vec<u8> },
    /// A record that could not be read.
    Failed { location: String, message: String },
    /// An entry that is not a record.
    Skipped,
}

/// Runs `produce` on a second thread, parsing and visiting what it reads on this one.
fn read_ahead<F>(sink: &mut Sink<'_>, produce: F) -> Result<(), SourceError>
where
    F: FnOnce(&mut dyn Out) -> Result<(), SourceError> + Send,
{
    let (sender, receiver) = sync_channel::<Vec<Item>>(2);
    // Record buffers go back to the reading thread to be filled again.
    let (give_back, recycled) = channel::<Vec<u8>>();
    let limit = sink.limit;
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut forward = Forward {
                limit,
                batch: Vec::new(),
                batch_bytes: 0,
                sender,
                recycled,
            };
            let result = produce(&mut forward);
            forward.flush();
            result
        });
        consume(&receiver, &give_back, sink);
        producer.join().unwrap_or_else(|_| {
            Err(SourceError::Argument {
                message: "the archive reading thread stopped unexpectedly".to_owned(),
            })
        })
    })
}

/// Parses and visits every batch until the reading thread is done.
fn consume(receiver: &Receiver<Vec<Item>>, give_back: &Sender<Vec<u8>>, sink: &mut Sink<'_>) {
    for batch in receiver {
        for item in batch {
            match item {
                Item::Record { location, bytes } => {
                    sink.parse(&bytes, &location);
                    // Only buffers of ordinary size are kept; the reading thread may be done.
                    if bytes.capacity() <= BATCH_BYTES {
                        let _ = give_back.send(bytes);
                    }
                }
                Item::Failed { location, message } => Out::fail(sink, location, message),
                Item::Skipped => Out::skip(sink),
            }
        }
    }
}

/// The reading thread's end: collects items into batches and sends them on.
struct Forward {
    limit: u64,
    batch: Vec<Item>,
    batch_bytes: usize,
    sender: SyncSender<Vec<Item>>,
    recycled: Receiver<Vec<u8>>,
}

impl Forward {
    /// Adds an item, sending the batch when it is full.
    fn push(&mut self, item: Item, bytes: usize) {
        self.batch.push(item);
        self.batch_bytes += bytes;
        if self.batch_bytes >= BATCH_BYTES || self.batch.len() >= BATCH_ITEMS {
            self.flush();
        }
    }

    /// Sends what the batch holds.
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::take(&mut self.batch);
            self.batch_bytes = 0;
            // The parsing thread receives until this thread is done; a send cannot fail while
            // it does, and if it has stopped there is no one left to tell.
            let _ = self.sender.send(batch);
        }
    }
}

impl Out for Forward {
    fn limit(&self) -> u64 {
        self.limit
    }

    fn skip(&mut self) {
        self.push(Item::Skipped, 0);
    }

    fn fail(&mut self, location: String, message: String) {
        self.push(Item::Failed { location, message }, 0);
    }

    fn record(&mut self, reader: &mut dyn Read, location: &str) -> Result<(), String> {
        let mut bytes = self.recycled.try_recv().unwrap_or_default();
        match read_limited(reader, self.limit, &mut bytes) {
            Ok(()) => {
                let size = bytes.len();
                let location = location.to_owned();
                self.push(Item::Record { location, bytes }, size);
                Ok(())
            }
            Err(message) => {
                self.fail(location.to_owned(), message.clone());
                Err(message)
            }
        }
    }
}
