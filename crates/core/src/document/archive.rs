//! Zip archives (Word and EPUB files) read within limits: a bounded number of
//! entries, a bounded size per part and in total, every part inflated through
//! `take()` so a zip bomb, even one whose headers lie about its sizes, never
//! grows past the limit in memory. Damage is reported as `Corrupt`, absence as
//! `MissingPart`, excess as `ArchiveTooLarge`, each naming the format.

use std::io::{Cursor, Read};

use super::{Format, ImportError};

/// The most a Word or EPUB file may unpack to, all parts together.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most one part of a Word or EPUB file may unpack to.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// The most entries a Word or EPUB file may have.
pub const MAX_ARCHIVE_ENTRIES: usize = 10_000;

pub(crate) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    /// Bytes unpacked so far, against `MAX_UNPACKED_BYTES`.
    unpacked: u64,
}

impl<'a> Archive<'a> {
    /// Opens an archive; `format` ("Word", "EPUB") names it in errors.
    pub(crate) fn open(bytes: &'a [u8], format: &'static str) -> Result<Archive<'a>, ImportError> {
        if !bytes.starts_with(super::ZIP_MAGIC) {
            return Err(ImportError::Corrupt { format, reason: "it is not a zip archive".into() });
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(format, e))?;
        if zip.len() > MAX_ARCHIVE_ENTRIES {
            return Err(ImportError::Corrupt {
                format,
                reason: format!("it has {} parts, more than the {MAX_ARCHIVE_ENTRIES} allowed", zip.len()),
            });
        }
        Ok(Archive { zip, format, unpacked: 0 })
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A part's bytes, or `None` when the archive has no such part.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let format = self.format;
        let Some(index) = self.zip.index_for_name(name) else { return Ok(None) };
        let remaining = MAX_UNPACKED_BYTES.saturating_sub(self.unpacked);
        let (limit, limit_bytes) =
            if remaining < MAX_PART_BYTES { (remaining, MAX_UNPACKED_BYTES) } else { (MAX_PART_BYTES, MAX_PART_BYTES) };
        let too_large = ImportError::ArchiveTooLarge { format, limit_bytes };
        let entry = self.zip.by_index(index).map_err(|e| zip_error(format, e))?;
        if entry.size() > limit {
            return Err(too_large);
        }
        let mut out = Vec::with_capacity(usize::try_from(entry.size().min(limit)).unwrap_or(0));
        entry.take(limit + 1).read_to_end(&mut out).map_err(|e| ImportError::Corrupt {
            format,
            reason: format!("its part {name} cannot be unpacked ({})", one_line(&e.to_string())),
        })?;
        if out.len() as u64 > limit {
            return Err(too_large);
        }
        self.unpacked += out.len() as u64;
        Ok(Some(out))
    }

    /// A part that must be there.
    pub(crate) fn require(&mut self, name: &str, what: &str) -> Result<Vec<u8>, ImportError> {
        self.read(name)?.ok_or_else(|| ImportError::MissingPart { format: self.format, part: what.to_owned() })
    }
}

/// What a zip archive without a telling extension is: Word, EPUB, or neither.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    let archive = Archive::open(bytes, "zip").ok()?;
    if archive.contains("word/document.xml") {
        Some(Format::Docx)
    } else if archive.contains("META-INF/container.xml") || bytes.get(30..58) == Some(b"mimetypeapplication/epub+zip") {
        Some(Format::Epub)
    } else {
        None
    }
}

fn zip_error(format: &'static str, error: zip::result::ZipError) -> ImportError {
    use zip::result::ZipError;
    let reason = match error {
        ZipError::InvalidArchive(_) | ZipError::Io(_) => "it is not a valid zip archive, or it is cut short".to_owned(),
        ZipError::UnsupportedArchive(what) if what == ZipError::PASSWORD_REQUIRED => {
            "it is encrypted with a password".to_owned()
        }
        ZipError::UnsupportedArchive(what) => format!("it uses a zip feature Duizhao cannot read ({})", one_line(what)),
        ZipError::InvalidPassword => "it is encrypted with a password".to_owned(),
        ZipError::FileNotFound => "a part listed in it is missing".to_owned(),
        _ => "it cannot be unpacked".to_owned(),
    };
    ImportError::Corrupt { format, reason }
}

/// Library messages, trimmed to one line and a sane length.
pub(crate) fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 160 {
        line.chars().take(160).chain(['…']).collect()
    } else {
        line
    }
}

/// Parses an XML part with a node budget; `what` names it in errors.
pub(crate) fn parse_xml<'t>(
    text: &'t str,
    format: &'static str,
    what: &str,
) -> Result<roxmltree::Document<'t>, ImportError> {
    if declares_entities(text) {
        return Err(ImportError::Corrupt {
            format,
            reason: format!("its {what} declares XML entities, which Word and EPUB files do not use"),
        });
    }
    let options = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 4_000_000, ..Default::default() };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| ImportError::Corrupt {
        format,
        reason: format!("its {what} is not well-formed XML ({})", one_line(&e.to_string())),
    })
}

/// Does the XML declare entities? Their expansion is unbounded (a few hundred
/// bytes can expand to gigabytes, past every limit on the zip), and no Word or
/// EPUB file needs them. Entities can only be declared in a document type
/// declaration's internal subset, so a `<!ENTITY` after a `<!DOCTYPE` is taken
/// as one; a plain external `<!DOCTYPE html …>` (EPUB 2 NCX, XHTML) is fine.
fn declares_entities(text: &str) -> bool {
    text.find("<!DOCTYPE").is_some_and(|start| text.get(start..).is_some_and(|rest| rest.contains("<!ENTITY")))
}

/// Word and EPUB text is never larger than the parts it came from; more means
/// something multiplied it, and it is refused before it reaches the reader.
pub(crate) fn check_text_total(blocks: &[super::RawBlock], format: &'static str) -> Result<(), ImportError> {
    let total: u64 = blocks.iter().map(|b| b.text.len() as u64).sum();
    if total > MAX_UNPACKED_BYTES {
        return Err(ImportError::ArchiveTooLarge { format, limit_bytes: MAX_UNPACKED_BYTES });
    }
    Ok(())
}

/// An XML part's bytes as text (UTF-8, or UTF-16 with a byte-order mark).
pub(crate) fn xml_text(bytes: Vec<u8>, format: &'static str, what: &str) -> Result<String, ImportError> {
    let bad = |_| ImportError::Corrupt { format, reason: format!("its {what} is not valid UTF-8 or UTF-16 text") };
    match encoding_rs::Encoding::for_bom(&bytes) {
        Some((encoding, bom)) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
            if had_errors {
                Err(bad(()))
            } else {
                Ok(text.into_owned())
            }
        }
        None => String::from_utf8(bytes).map_err(|_| bad(())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_named_in_errors() {
        let err = ImportError::ArchiveTooLarge { format: "Word", limit_bytes: MAX_PART_BYTES };
        assert_eq!(err.to_string(), "the Word file unpacks to more than the 32 MB limit");
    }

    #[test]
    fn entity_declarations_are_refused_and_plain_doctypes_are_not() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "字字字">]><d>&a;&a;</d>"#;
        let err = parse_xml(bomb, "Word", "word/document.xml").err().unwrap();
        assert_eq!(
            err.to_string(),
            "the Word file is damaged: its word/document.xml declares XML entities, which Word and EPUB files do not use"
        );
        let parameter = r#"<!DOCTYPE d [ <!-- x --> <!ENTITY % p "x"> ]><d/>"#;
        assert!(parse_xml(parameter, "EPUB", "toc.ncx").is_err());
        let ncx = r#"<?xml version="1.0"?><!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd"><ncx><navMap/></ncx>"#;
        assert!(parse_xml(ncx, "EPUB", "toc.ncx").is_ok());
        let xhtml = r#"<!DOCTYPE html><html><body><p>&lt;!ENTITY&gt;</p></body></html>"#;
        assert!(parse_xml(xhtml, "EPUB", "c.xhtml").is_ok());
    }

    #[test]
    fn not_a_zip_is_corrupt() {
        let err = Archive::open(b"PK\x03\x04 but nothing else", "EPUB").err().unwrap();
        assert!(matches!(err, ImportError::Corrupt { format: "EPUB", .. }), "{err}");
        assert!(Archive::open(b"plain text", "Word").is_err());
    }
}
