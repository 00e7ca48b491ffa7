//! Opening feed files: plain or gzip-compressed, told apart by the gzip magic bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use crate::FeedError;

/// The two bytes every gzip stream starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A buffered reader over the input, decompressing it when it is a gzip stream
/// (`nvdcve-2.0-2024.json.gz`, `epss_scores-….csv.gz`), whatever its name.
///
/// # Errors
///
/// When the first bytes cannot be read.
pub fn decompressed<'a, R: Read + 'a>(input: R) -> io::Result<Box<dyn BufRead + 'a>> {
    let mut buffered = BufReader::with_capacity(64 * 1024, input);
    let is_gzip = buffered.fill_buf()?.starts_with(&GZIP_MAGIC);
    if is_gzip {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(buffered),
        )))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Opens a feed file, decompressing it when it is gzip.
///
/// # Errors
///
/// [`FeedError::Io`] naming the file when it cannot be opened or read.
pub fn open(path: &Path) -> Result<Box<dyn BufRead>, FeedError> {
    let location = path.display().to_string();
    let file = File::open(path).map_err(|error| FeedError::io(&location, error))?;
    decompressed(file).map_err(|error| FeedError::io(&location, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_input_passes_through_and_gzip_is_decompressed() {
        let mut plain = String::new();
        decompressed(&b"{\"a\":1}"[..])
            .and_then(|mut reader| reader.read_to_string(&mut plain))
            .ok();
        assert_eq!(plain, "{\"a\":1}");

        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        io::Write::write_all(&mut encoder, b"cve,epss,percentile\n").ok();
        let compressed = encoder.finish().unwrap_or_default();
        let mut text = String::new();
        decompressed(&compressed[..])
            .and_then(|mut reader| reader.read_to_string(&mut text))
            .ok();
        assert_eq!(text, "cve,epss,percentile\n");
    }

    #[test]
    fn empty_input_is_not_an_error() {
        let mut text = String::new();
        let read = decompressed(&b""[..]).and_then(|mut reader| reader.read_to_string(&mut text));
        assert_eq!(read.ok(), Some(0));
    }
}
