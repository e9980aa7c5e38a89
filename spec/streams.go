package spec

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Stream formats: how a streaming endpoint's body is cut into events.
const (
	// StreamSSE is text/event-stream, the WHATWG server-sent events format.
	StreamSSE = "sse"
	// StreamNDJSON is newline-delimited JSON: one JSON value a line.
	StreamNDJSON = "ndjson"
)

// DefaultMaxLineBytes bounds a line of a stream, and the data of one
// server-sent event, when the catalog sets no max_line_bytes: 1 MiB.
const DefaultMaxLineBytes = 1 << 20

// minMaxLineBytes is the smallest max_line_bytes the catalog takes.
const minMaxLineBytes = 64

// streamFormats lists the formats in the order docs/catalog.md gives them.
func streamFormats() []string { return []string{StreamSSE, StreamNDJSON} }

// Stream says that an endpoint answers with a stream of events, for the
// generated event iterators: the endpoint's method on both clients
// returns an iter.Seq2[StreamEvent[T], error].
type Stream struct {
	Format string // StreamSSE or StreamNDJSON
	// Event is the type of an event's data, decoded as JSON; for
	// StreamSSE, string gives the data as it is (TextEvents).
	Event *TypeRef
	// Reconnect: a server-sent event stream whose body ends cleanly is
	// reconnected too; without it, a clean end is the end of the stream.
	Reconnect bool
	// MaxLineBytes is the longest line, and the longest data of one
	// server-sent event, that the client reads; longer is an error.
	MaxLineBytes int
}

// TextEvents reports whether the data of each event is given as it is, a
// string, rather than decoded as JSON.
func (s *Stream) TextEvents() bool { return s.Format == StreamSSE && s.Event.Kind == KindString }

// ContentType is the Accept the stream's request sends.
func (s *Stream) ContentType() string {
	if s.Format == StreamSSE {
		return "text/event-stream"
	}
	return "application/x-ndjson, application/jsonl, application/json"
}

// streamKeys are the keys of an endpoint's stream; stream reads them.
func streamKeys() []key {
	return []key{
		{name: "format", required: true},
		{name: "event", required: true},
		{name: "reconnect"},
		{name: "max_line_bytes"},
	}
}

// stream walks an endpoint's stream key. m is the endpoint's mapping:
// the keys a stream excludes are reported at their own position.
func (l *loader) stream(n, keyN *yaml.Node, m *mapNode, ctx string) *Stream {
	ctx += " stream"
	sm := l.keyed(n, keyN, ctx, streamKeys())
	if sm == nil {
		return nil
	}
	for _, other := range []string{"response", "responses", "response_optional", "operation", "pagination"} {
		if m.has(other) {
			l.errorf(m.keyNode(other), "%s%s does not go with stream: the events are the response (stream.event is their type); remove %s", at(ctx), other, other)
		}
	}
	s := &Stream{MaxLineBytes: DefaultMaxLineBytes}
	ok := true
	if v := sm.get("format"); v != nil {
		if f, good := l.nonEmpty(v, ctx, "format"); good {
			if contains(streamFormats(), f) {
				s.Format = f
			} else {
				l.errorf(v, "%sunknown format %q (want one of %s: sse for text/event-stream, ndjson for one JSON value a line)%s", at(ctx), f, strings.Join(streamFormats(), ", "), suggest(f, streamFormats()))
				ok = false
			}
		} else {
			ok = false
		}
	} else {
		ok = false
	}
	if v := sm.get("event"); v != nil {
		if s.Event = l.typeExpr(v, ctx, "event"); s.Event == nil {
			ok = false
		}
	} else {
		ok = false
	}
	if v := sm.get("reconnect"); v != nil {
		if b, good := l.boolean(v, ctx, "reconnect"); good {
			if b && s.Format == StreamNDJSON {
				l.errorf(sm.keyNode("reconnect"), "%sreconnect applies to the sse format only: newline-delimited JSON has no event ids to resume from, so its end is the end of the stream; remove reconnect", at(ctx))
				ok = false
			}
			s.Reconnect = b
		} else {
			ok = false
		}
	}
	if v := sm.get("max_line_bytes"); v != nil {
		if b, good := l.smallInt(v, ctx, "max_line_bytes"); good {
			if b < minMaxLineBytes {
				l.errorf(v, "%smax_line_bytes %d is too small (want at least %d; the default is %d, 1 MiB)", at(ctx), b, minMaxLineBytes, DefaultMaxLineBytes)
				ok = false
			}
			s.MaxLineBytes = b
		} else {
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return s
}
