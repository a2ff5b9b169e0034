//! An incremental Server-Sent-Events frame parser.
//!
//! The bench reads `GET /api/v1/live` as raw bytes and stamps each chunk with the time it
//! arrived, so it parses frames itself rather than through an SSE client library whose buffering
//! would blur arrival times. Chunks split frames (and lines, and UTF-8 sequences) anywhere, so
//! the parser keeps the unfinished tail between calls.
//!
//! Follows the WHATWG event-stream rules the bench relies on: lines end in LF or CRLF (a lone
//! CR, which axum never sends, is not treated as a line end), `field: value` with one optional
//! space after the colon, several `data:` lines joined by LF, lines starting with `:` are
//! comments (keep-alives), and a blank line ends a frame.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The `event:` field; `message` when the frame had none, as in the spec.
    pub event: String,
    /// The `data:` lines joined by LF.
    pub data: String,
    /// The `id:` field of this frame, if it had one.
    pub id: Option<String>,
}

/// Parser state carried between chunks.
#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes after the last complete line.
    partial: Vec<u8>,
    event: Option<String>,
    data: Option<String>,
    id: Option<String>,
    /// Comment lines seen so far (keep-alives).
    pub comments: u64,
}

impl Parser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one chunk and returns the frames it completed, in order.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Frame> {
        let mut frames = Vec::new();
        let mut rest = chunk;
        while let Some(pos) = rest.iter().position(|&b| b == b'\n') {
            let (head, tail) = rest.split_at(pos);
            rest = &tail[1..];
            let line = if self.partial.is_empty() {
                self.line(head)
            } else {
                self.partial.extend_from_slice(head);
                let whole = std::mem::take(&mut self.partial);
                self.line(&whole)
            };
            frames.extend(line);
        }
        self.partial.extend_from_slice(rest);
        frames
    }

    /// Handles one line without its LF; returns a frame when the line is blank.
    fn line(&mut self, raw: &[u8]) -> Option<Frame> {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.is_empty() {
            return self.dispatch();
        }
        if raw[0] == b':' {
            self.comments += 1;
            return None;
        }
        let text = String::from_utf8_lossy(raw);
        let (field, value) = match text.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (text.as_ref(), ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "id" => self.id = Some(value.to_owned()),
            "data" => match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            // `retry` and unknown fields do not matter to the bench.
            _ => {}
        }
        None
    }

    /// Ends the current frame. A frame with neither data nor event (e.g. only an `id:`) is not
    /// dispatched, as in the spec; the server never sends one anyway.
    fn dispatch(&mut self) -> Option<Frame> {
        let event = self.event.take();
        let data = self.data.take();
        let id = self.id.take();
        if event.is_none() && data.is_none() {
            return None;
        }
        Some(Frame {
            event: event.unwrap_or_else(|| "message".into()),
            data: data.unwrap_or_default(),
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANGED: &str =
        "event: case_changed\nid: 42\ndata: {\"case_id\":\"c1\",\"version\":8}\n\n";

    fn changed() -> Frame {
        Frame {
            event: "case_changed".into(),
            data: "{\"case_id\":\"c1\",\"version\":8}".into(),
            id: Some("42".into()),
        }
    }

    #[test]
    fn one_whole_frame() {
        let mut p = Parser::new();
        assert_eq!(p.push(CHANGED.as_bytes()), vec![changed()]);
    }

    #[test]
    fn split_at_every_byte_boundary() {
        let bytes = CHANGED.as_bytes();
        for cut in 0..=bytes.len() {
            let mut p = Parser::new();
            let mut frames = p.push(&bytes[..cut]);
            frames.extend(p.push(&bytes[cut..]));
            assert_eq!(frames, vec![changed()], "cut at {cut}");
        }
    }

    #[test]
    fn byte_by_byte_with_crlf() {
        let text = CHANGED.replace('\n', "\r\n");
        let mut p = Parser::new();
        let frames: Vec<Frame> = text.as_bytes().iter().flat_map(|b| p.push(&[*b])).collect();
        assert_eq!(frames, vec![changed()]);
    }

    #[test]
    fn comments_are_counted_not_dispatched() {
        let mut p = Parser::new();
        let frames = p.push(b":\n\n: keep-alive\n\n");
        assert!(frames.is_empty());
        assert_eq!(p.comments, 2);
        assert_eq!(p.push(CHANGED.as_bytes()), vec![changed()]);
    }

    #[test]
    fn multi_line_data_joined_by_lf() {
        let mut p = Parser::new();
        let frames = p.push(b"data: a\ndata:b\ndata:  c\n\n");
        assert_eq!(frames.len(), 1);
        assert_eq!(frames[0].event, "message");
        assert_eq!(frames[0].data, "a\nb\n c");
        assert_eq!(frames[0].id, None);
    }

    #[test]
    fn several_frames_in_one_chunk_and_resync() {
        let mut p = Parser::new();
        let text = format!("event: resync\ndata: {{}}\n\n{CHANGED}{CHANGED}event: x");
        let frames = p.push(text.as_bytes());
        assert_eq!(frames.len(), 3);
        assert_eq!(frames[0].event, "resync");
        assert_eq!(frames[0].data, "{}");
        assert_eq!(frames[1], changed());
        // The unfinished frame completes with the next chunk.
        let frames = p.push(b"\ndata: y\n\n");
        assert_eq!(frames[0].event, "x");
        assert_eq!(frames[0].data, "y");
    }

    #[test]
    fn id_does_not_leak_into_next_frame() {
        let mut p = Parser::new();
        let frames = p.push(b"id: 1\ndata: a\n\ndata: b\n\n");
        assert_eq!(frames[0].id.as_deref(), Some("1"));
        assert_eq!(frames[1].id, None);
    }
}
