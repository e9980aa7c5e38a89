package spec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// streamCatalog is a catalog with one endpoint "a" whose stream is the
// given flow mapping, on line 5; extra holds more keys of the endpoint.
func streamCatalog(extra, stream string) string {
	return y(cl,
		"types: {Tick: {fields: {n: {type: integer, required: true}}}}",
		"endpoints:",
		"  a: {method: GET, path: /a"+extra+",",
		"      stream: "+stream+"}")
}

func TestStreamLoads(t *testing.T) {
	tests := []struct {
		stream string
		want   Stream
		text   bool
	}{
		{"{format: sse, event: Tick}", Stream{Format: StreamSSE, MaxLineBytes: DefaultMaxLineBytes}, false},
		{"{format: sse, event: string, reconnect: true, max_line_bytes: 4096}", Stream{Format: StreamSSE, Reconnect: true, MaxLineBytes: 4096}, true},
		{"{format: ndjson, event: string}", Stream{Format: StreamNDJSON, MaxLineBytes: DefaultMaxLineBytes}, false},
		{"{format: ndjson, event: any, reconnect: false}", Stream{Format: StreamNDJSON, MaxLineBytes: DefaultMaxLineBytes}, false},
	}
	for _, tt := range tests {
		t.Run(tt.stream, func(t *testing.T) {
			m, err := Parse("t.yaml", []byte(streamCatalog("", tt.stream)))
			require.NoError(t, err)
			s := m.Endpoints[0].Stream
			require.NotNil(t, s)
			require.NotNil(t, s.Event)
			assert.Equal(t, tt.text, s.TextEvents())
			s.Event = nil
			assert.Equal(t, tt.want, *s)
		})
	}
}

func TestStreamErrors(t *testing.T) {
	tests := []struct{ name, extra, stream, want string }{
		{"no format", "", "{event: Tick}",
			`t.yaml:5:7: endpoint "a" stream: missing required key "format"`},
		{"unknown format", "", "{format: sess, event: Tick}",
			`t.yaml:5:24: endpoint "a" stream: unknown format "sess" (want one of sse, ndjson: sse for text/event-stream, ndjson for one JSON value a line)`},
		{"no event", "", "{format: sse}",
			`t.yaml:5:7: endpoint "a" stream: missing required key "event"`},
		{"unknown event type", "", "{format: sse, event: Tock}",
			`t.yaml:5:36: endpoint "a" stream: event: unknown type "Tock" (did you mean Tick?)`},
		{"unknown key", "", "{format: sse, event: Tick, retry: 1}",
			`t.yaml:5:42: endpoint "a" stream: unknown key "retry" (want one of format, event, reconnect, max_line_bytes)`},
		{"reconnect with ndjson", "", "{format: ndjson, event: Tick, reconnect: true}",
			`t.yaml:5:45: endpoint "a" stream: reconnect applies to the sse format only: newline-delimited JSON has no event ids to resume from, so its end is the end of the stream; remove reconnect`},
		{"line bound too small", "", "{format: sse, event: Tick, max_line_bytes: 10}",
			`t.yaml:5:58: endpoint "a" stream: max_line_bytes 10 is too small (want at least 64; the default is 1048576, 1 MiB)`},
		{"with a response", ", response: Tick", "{format: sse, event: Tick}",
			`t.yaml:4:30: endpoint "a" stream: response does not go with stream: the events are the response (stream.event is their type); remove response`},
		{"not a mapping", "", "sse",
			`t.yaml:5:15: endpoint "a" stream: want a mapping, got "sse"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, []string{tt.want}, parseErrors(t, streamCatalog(tt.extra, tt.stream)))
		})
	}
}
