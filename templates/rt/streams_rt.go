package rt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"slices"
	"time"
)

// streamFormat is how a stream's body is cut into events (the catalog's
// stream.format).
type streamFormat uint8

const (
	streamSSE    streamFormat = iota + 1 // text/event-stream (WHATWG server-sent events)
	streamNDJSON                         // one JSON value a line
)

// defaultMaxStreamLine bounds a line of a stream, and the data of one
// server-sent event, when the catalog sets no max_line_bytes: 1 MiB.
const defaultMaxStreamLine = 1 << 20

// StreamEvent is one event of an event stream: its data, decoded, and
// what a server-sent event says about it.
type StreamEvent[T any] struct {
	// Data is the event's data, decoded: the data lines of a server-sent
	// event joined by "\n", or one line of newline-delimited JSON. Each
	// event's is a new value, the caller's to keep.
	Data T
	// Type is the type of a server-sent event (its event field; "message"
	// when it has none); "" for newline-delimited JSON.
	Type string
	// ID is the last event ID of a server-sent event stream once this
	// event arrived: the id of this event or of the last one before it
	// that had one; "" when none had, and for newline-delimited JSON. A
	// dropped stream is resumed from it (the Last-Event-ID header).
	ID string
	// Raw is the data as it arrived, before decoding. It is valid until
	// the loop body returns: copy it to keep it.
	Raw []byte
}

// streamer is how one streaming endpoint is read, for one call: the
// generated streamOf<Endpoint> function builds it from the caller's
// arguments. T is the type of an event's data.
type streamer[T any] struct {
	format streamFormat
	// reconnect: a server-sent event stream whose body ends cleanly is
	// reconnected too (the catalog's stream.reconnect); without it, a
	// clean end is the end of the stream.
	reconnect bool
	maxLine   int // the longest line, and event data; 0: defaultMaxStreamLine
	// build returns the request of the stream (the endpoint's generated
	// request builder), for each connection.
	build func() *request
	// decode decodes the data of an event (r.body) into v.
	decode func(c *core, req *request, r *response, v *T) error
}

// decodeEventJSON decodes an event's data as JSON, with the errors of a
// JSON response.
func decodeEventJSON[T any](c *core, req *request, r *response, v *T) error {
	return decodeJSON(c, req, r, v)
}

// decodeEventText gives an event's data as it is (a server-sent event
// stream whose catalog event type is string).
func decodeEventText(_ *core, _ *request, r *response, v *string) error {
	*v = string(r.body)
	return nil
}

// errLineTooLong is the cause of the error of a stream whose line, or
// event data, exceeds the stream's bound.
var errLineTooLong = errors.New("line too long")

// lineReader cuts a body into lines as it arrives, without holding more
// than one line (up to max bytes) at a time. The line it returns points
// into its buffer and is valid until the next call.
type lineReader struct {
	src        io.Reader
	buf        []byte
	r, w       int   // unread bytes are buf[r:w]
	max        int   // the longest line
	cr         bool  // a lone CR ends a line too (server-sent events)
	crPos      int   // with cr: where the first CR at or after r is in buf, -1 for none before w
	crKnown    bool  // crPos holds for the buffer as it is (a fill moves or adds bytes)
	skipLF     bool  // the last line ended with CR: a LF right after it is part of that end
	bomChecked bool  // a leading byte order mark was looked for
	err        error // the error of the last read (io.EOF at the end); sticky
}

func newLineReader(src io.Reader, limit int, cr bool) *lineReader {
	return &lineReader{src: src, max: limit, cr: cr, buf: make([]byte, max(min(4096, limit+1), 4))}
}

// fill reads more of the body, first moving the unread bytes to the
// front of the buffer and growing it, up to max+1 bytes, when full.
func (l *lineReader) fill() {
	if l.r > 0 {
		l.w = copy(l.buf, l.buf[l.r:l.w])
		l.r = 0
	}
	if n := min(len(l.buf), l.max+1-len(l.buf)); l.w == len(l.buf) && n > 0 {
		l.buf = append(l.buf, make([]byte, n)...)
	}
	n, err := l.src.Read(l.buf[l.w:])
	l.w += n
	l.crKnown = false
	if err != nil {
		l.err = err
	}
}

// next returns the next line without its end (LF, CRLF, or CR when cr is
// set). At the end of the body, an unterminated last line is returned
// with terminated false, and then the read error (io.EOF at a clean end).
// A line longer than max is errLineTooLong.
func (l *lineReader) next() (line []byte, terminated bool, err error) {
	if !l.bomChecked {
		for l.w-l.r < 3 && l.err == nil {
			l.fill()
		}
		if bytes.HasPrefix(l.buf[l.r:l.w], []byte("\xef\xbb\xbf")) {
			l.r += 3
		}
		l.bomChecked = true
	}
	for {
		if l.skipLF {
			if l.r == l.w && l.err == nil {
				l.fill()
				continue
			}
			if l.r < l.w && l.buf[l.r] == '\n' {
				l.r++
			}
			l.skipLF = false
		}
		b := l.buf[l.r:l.w]
		i := bytes.IndexByte(b, '\n')
		if l.cr {
			// One search for CR per fill, not per line: most streams
			// have none, and a CRLF stream finds its next CR at the end
			// of the line it is on.
			if !l.crKnown || (l.crPos >= 0 && l.crPos < l.r) {
				l.crPos, l.crKnown = -1, true
				if j := bytes.IndexByte(b, '\r'); j >= 0 {
					l.crPos = l.r + j
				}
			}
			if j := l.crPos - l.r; l.crPos >= 0 && (i < 0 || j < i) {
				i = j
				l.skipLF = true
			}
		}
		if i >= 0 {
			if i > l.max {
				return nil, false, errLineTooLong
			}
			l.r += i + 1
			return b[:i], true, nil
		}
		if len(b) > l.max {
			return nil, false, errLineTooLong
		}
		if l.err != nil {
			if len(b) > 0 {
				l.r = l.w
				return b, false, nil
			}
			return nil, false, l.err
		}
		l.fill()
	}
}

// sseEvent is one dispatched server-sent event; its slices point into
// the reader's buffers and are valid until the next call of next.
type sseEvent struct {
	typ  []byte // the event field; empty: "message"
	data []byte
	id   []byte // the last event ID once this event arrived
}

// sseReader parses a text/event-stream body as the WHATWG HTML standard
// says (9.2.6 Interpreting an event stream): lines end with CRLF, LF or
// CR; a leading byte order mark is skipped; a line starting with ":" is a
// comment; "field: value" loses one space after the colon; event sets the
// type, data lines are joined with LF, id sets the last event ID unless it
// holds NUL (or another control character but tab: eventIDSendable), retry sets the reconnection delay when it is all digits; an
// empty line dispatches the event, unless it has no data; an event the
// body ends in the middle of is not dispatched.
type sseReader struct {
	lines  *lineReader
	max    int    // the longest data of one event
	data   []byte // the data lines so far, each followed by LF
	typ    []byte // the event type buffer
	idBuf  []byte // the last event ID buffer
	lastID []byte // the last event ID of the stream: idBuf at the last dispatch
	// retry is the reconnection delay the server asked for; hasRetry
	// says it did.
	retry    time.Duration
	hasRetry bool
}

func newSSEReader(src io.Reader, limit int) *sseReader {
	return &sseReader{lines: newLineReader(src, limit, true), max: limit}
}

// next returns the next event, or the error that ends the body (io.EOF
// at a clean end, errLineTooLong).
func (s *sseReader) next() (sseEvent, error) {
	for {
		line, terminated, err := s.lines.next()
		if err != nil {
			return sseEvent{}, err
		}
		if !terminated {
			continue // the body ended in the middle of a line: discarded
		}
		if len(line) == 0 {
			s.lastID = append(s.lastID[:0], s.idBuf...)
			if len(s.data) == 0 {
				s.typ = s.typ[:0]
				continue
			}
			ev := sseEvent{typ: s.typ, data: s.data[:len(s.data)-1], id: s.lastID}
			s.typ, s.data = s.typ[:0], s.data[:0]
			return ev, nil
		}
		if line[0] == ':' {
			continue
		}
		field, value := line, line[len(line):]
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			if len(value) > 0 && value[0] == ' ' {
				value = value[1:]
			}
		}
		switch string(field) {
		case "event":
			s.typ = append(s.typ[:0], value...)
		case "data":
			if len(s.data)+len(value) > s.max {
				return sseEvent{}, errLineTooLong
			}
			s.data = append(append(s.data, value...), '\n')
		case "id":
			if eventIDSendable(value) {
				s.idBuf = append(s.idBuf[:0], value...)
			}
		case "retry":
			if ms, ok := retryField(value); ok {
				s.retry, s.hasRetry = ms, true
			}
		}
	}
}

// eventIDSendable says an id field's value can be the last event ID: the
// standard ignores one holding NUL; one holding another control character
// but tab is ignored too, as it could not be sent back as the
// Last-Event-ID header (the reconnection would fail on it).
func eventIDSendable(v []byte) bool {
	for _, b := range v {
		if (b < ' ' && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}

// retryField reads the value of a retry field: ASCII digits only, a
// number of milliseconds (a number too large gives the longest delay).
func retryField(v []byte) (time.Duration, bool) {
	if len(v) == 0 {
		return 0, false
	}
	const limit = int64(1<<63-1) / int64(time.Millisecond)
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		if n <= limit {
			n = n*10 + int64(c-'0')
		}
	}
	return time.Duration(min(n, limit)) * time.Millisecond, true
}

// newNDJSONReader reads the lines of a newline-delimited JSON body of at
// most limit bytes each: the reader holds one byte more, the CR of a line
// of limit bytes that ends with CRLF, and ndjsonNext checks the bound.
func newNDJSONReader(src io.Reader, limit int) *lineReader {
	return newLineReader(src, limit+1, false)
}

// ndjsonNext returns the next non-blank line of a newline-delimited JSON
// body, without its end (LF or CRLF); the last line needs no end, but a
// line the connection is lost in the middle of is no line (its part could
// decode: "12" of "123"): the read error is returned instead.
func ndjsonNext(l *lineReader) ([]byte, error) {
	for {
		line, terminated, err := l.next()
		if err != nil {
			return nil, err
		}
		if !terminated && l.err != io.EOF {
			return nil, l.err
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) > l.max-1 {
			return nil, errLineTooLong
		}
		if len(bytes.TrimLeft(line, " \t")) > 0 {
			return line, nil
		}
	}
}

// streamState is what one iteration over a stream carries from one
// connection to the next.
type streamState[T any] struct {
	ev         StreamEvent[T] // the event yielded; one for the whole stream
	scratch    response       // the response an event's data is decoded from
	lastID     string         // the last event ID, sent when reconnecting
	retry      time.Duration  // the server's reconnection delay (retry:)
	hasRetry   bool
	reconnects int // reconnections since the last event
}

// syncStream iterates over the events of s. The first request, and each
// reconnection, goes through the client's request path; the body is then
// read as it arrives. An error is yielded once and ends the loop; leaving
// the loop closes the connection.
func syncStream[T any](ctx context.Context, c *core, s *streamer[T], opts []CallOption) iter.Seq2[StreamEvent[T], error] {
	return func(yield func(StreamEvent[T], error) bool) {
		var zero StreamEvent[T]
		st := &streamState[T]{}
		for {
			callOpts := opts
			if st.lastID != "" {
				callOpts = append(slices.Clip(opts), withLastEventID(st.lastID))
			}
			req := s.build()
			r, err := execute(ctx, c, req, callOpts)
			if err != nil {
				yield(zero, err)
				return
			}
			drop, err := s.read(ctx, c, req, r, st, yield)
			_ = r.stream.Close()
			if drop == nil {
				if err != nil {
					yield(zero, err)
				}
				return
			}
			if err := s.wait(ctx, c, req, opts, r, st, drop); err != nil {
				yield(zero, err)
				return
			}
		}
	}
}

// withLastEventID sends id as the Last-Event-ID header of a reconnection,
// in place of one the caller's options set (the id the caller resumed
// the stream from): the header would otherwise carry both.
func withLastEventID(id string) CallOption {
	return func(o *callOptions) {
		o.headers.Del("Last-Event-ID")
		o.errs = addHeader(&o.headers, "Last-Event-ID", id, o.errs)
	}
}

// wait decides whether a dropped stream is reconnected, and waits the
// delay first: the server's retry delay (at most max_retry_after), else
// the retry policy's backoff.
// It returns the error that ends the stream instead: drop when the
// request is not safe to repeat or the retry policy's max retries are
// spent (reconnections in a row without an event), a budget error when
// the client's retry budget is empty, the context's when it ends.
func (s *streamer[T]) wait(ctx context.Context, c *core, req *request, opts []CallOption, r *response, st *streamState[T], drop error) error {
	if err := callerContextError(ctx, req.method+" "+r.shownURL()); err != nil {
		return err
	}
	var co callOptions
	if len(opts) > 0 {
		co = applyCallOptions(opts)
	}
	p := newRetryer(c, req, &co, false)
	if !p.safe || st.reconnects >= p.maxRetries {
		return drop
	}
	delay := c.backoff(st.reconnects)
	if st.hasRetry {
		delay = st.retry
		// A server's delay is capped as polling caps Retry-After: the
		// stream is read on, not given up, after max_retry_after.
		if limit := c.settings.retry.maxRetryAfter; limit > 0 && delay > limit {
			delay = limit
		}
	}
	if b := c.budget; b != nil && !b.take(false) {
		return &budgetExhaustedError{err: drop}
	}
	st.reconnects++
	if err := c.sleep(ctx, delay); err != nil {
		if cerr := callerContextError(ctx, req.method+" "+r.shownURL()); cerr != nil {
			return cerr
		}
		return &ClientError{Message: fmt.Sprintf("%s: waiting to reconnect failed: %v", req.endpoint, err), Err: err}
	}
	return nil
}

// read reads the events of one connection and yields them. It returns a
// non-nil drop when the connection should be reconnected (its error is
// what the loop ends with if it is not), else the error that ends the
// stream (nil: the stream ended, or the loop was left).
func (s *streamer[T]) read(ctx context.Context, c *core, req *request, r *response, st *streamState[T], yield func(StreamEvent[T], error) bool) (drop, err error) {
	prefix := req.method + " " + r.shownURL()
	if r.status == 204 {
		return nil, nil // the server says there is nothing more (no reconnection)
	}
	limit := s.maxLine
	if limit <= 0 {
		limit = defaultMaxStreamLine
	}
	st.scratch = response{status: r.status, header: r.header, u: r.u, sent: r.sent}
	readErr := func(err error) (drop, end error) {
		switch {
		case errors.Is(err, errLineTooLong):
			return nil, &ClientError{Message: fmt.Sprintf("%s: the stream has a line or an event longer than %d bytes (the catalog's stream.max_line_bytes); not read further", prefix, limit), Err: err}
		case ctx.Err() != nil:
			return nil, callerContextError(ctx, prefix)
		case errors.Is(err, context.DeadlineExceeded):
			return nil, &TimeoutError{ClientError: ClientError{Message: prefix + ": call deadline exceeded while reading the stream", Err: err}}
		case err == io.EOF:
			if s.format == streamSSE && s.reconnect {
				return &ConnectionError{ClientError: ClientError{Message: prefix + ": the server ended the stream, and reconnecting gave no event", Err: err}}, nil
			}
			return nil, nil
		}
		ce := &ConnectionError{ClientError: ClientError{Message: fmt.Sprintf("%s: connection lost while reading the stream: %v", prefix, err), Err: err}}
		if s.format == streamSSE {
			return ce, nil
		}
		return nil, ce
	}
	emit := func(data []byte) bool {
		st.scratch.body = data
		st.ev.Raw = data
		// A fresh value for each event: decoding into the last one would
		// keep the fields this event lacks, and write into the maps,
		// slices and pointers the caller kept from it.
		var zero T
		st.ev.Data = zero
		if err := s.decode(c, req, &st.scratch, &st.ev.Data); err != nil {
			yield(StreamEvent[T]{}, err)
			return false
		}
		st.reconnects = 0
		return yield(st.ev, nil)
	}
	if s.format == streamNDJSON {
		lines := newNDJSONReader(r.stream, limit)
		for {
			line, err := ndjsonNext(lines)
			if err != nil {
				return readErr(err)
			}
			if !emit(line) {
				return nil, nil
			}
		}
	}
	if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); mt != "text/event-stream" {
		return nil, &ClientError{Message: fmt.Sprintf("%s: the server answered with Content-Type %q, not text/event-stream; not read as an event stream", prefix, r.header.Get("Content-Type"))}
	}
	sse := newSSEReader(r.stream, limit)
	defer func() { st.retry, st.hasRetry = sse.retry, sse.hasRetry || st.hasRetry }()
	if st.hasRetry {
		sse.retry, sse.hasRetry = st.retry, true
	}
	// The last event ID carries over to the new connection, until the
	// server sends another.
	sse.idBuf = append(sse.idBuf, st.lastID...)
	sse.lastID = append(sse.lastID, st.lastID...)
	for {
		e, err := sse.next()
		if string(sse.lastID) != st.lastID {
			st.lastID = string(sse.lastID)
		}
		if err != nil {
			return readErr(err)
		}
		st.ev.ID = st.lastID
		switch {
		case len(e.typ) == 0:
			st.ev.Type = "message"
		case string(e.typ) != st.ev.Type:
			st.ev.Type = string(e.typ)
		}
		if !emit(e.data) {
			return nil, nil
		}
	}
}
