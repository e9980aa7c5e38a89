package rt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// parsed is what an SSE body gives: its events, as "type|id|data", the
// error that ended it, and the retry delay it set.
type parsed struct {
	events []string
	err    error
	retry  time.Duration
}

func parseSSE(r io.Reader, limit int) parsed {
	s := newSSEReader(r, limit)
	var p parsed
	for {
		e, err := s.next()
		if err != nil {
			if err != io.EOF {
				p.err = err
			}
			break
		}
		typ := string(e.typ)
		if typ == "" {
			typ = "message"
		}
		p.events = append(p.events, typ+"|"+string(e.id)+"|"+string(e.data))
	}
	if s.hasRetry {
		p.retry = s.retry
	}
	return p
}

// TestSSEParse checks the parser against the WHATWG HTML standard's
// examples (9.2.6) and each of its rules, reading each body whole, a byte
// at a time, and in halves, so that a line end cut by a read changes
// nothing.
func TestSSEParse(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		limit int
		want  []string
		err   error
		retry time.Duration
	}{
		{name: "whatwg: stock ticker", body: "data: YHOO\ndata: +2\ndata: 10\n\n",
			want: []string{"message||YHOO\n+2\n10"}},
		{name: "whatwg: comment, ids, id reset, one space stripped",
			body: ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
			want: []string{"message|1|first event", "message||second event", "message|| third event"}},
		{name: "whatwg: empty data, two empty lines, trailing event not dispatched",
			body: "data\n\ndata\ndata\n\ndata:",
			want: []string{"message||", "message||\n"}},
		{name: "whatwg: space after colon optional", body: "data:test\n\ndata: test\n\n",
			want: []string{"message||test", "message||test"}},
		{name: "event type", body: "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\ndata: 113411\n\n",
			want: []string{"add||73857293", "remove||2153", "message||113411"}},
		{name: "CRLF line ends", body: "event: a\r\ndata: x\r\ndata: y\r\n\r\n",
			want: []string{"a||x\ny"}},
		{name: "CR line ends", body: "id: 7\rdata: x\r\rdata: y\r\r",
			want: []string{"message|7|x", "message|7|y"}},
		{name: "mixed line ends", body: "data: a\r\ndata: b\rdata: c\n\r\n",
			want: []string{"message||a\nb\nc"}},
		{name: "byte order mark skipped once", body: "\xef\xbb\xbfdata: a\n\n\xef\xbb\xbfdata: b\n\n",
			want: []string{"message||a"}},
		{name: "id with NUL ignored", body: "id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n",
			want: []string{"message|1|a", "message|1|b"}},
		{name: "id with a control character a header cannot carry ignored; tab kept",
			body: "id: 1\ndata: a\n\nid: 2\x013\ndata: b\n\nid: 4\x7f\ndata: c\n\nid: 5\t6\ndata: d\n\n",
			want: []string{"message|1|a", "message|1|b", "message|1|c", "message|5\t6|d"}},
		{name: "id persists, id-only block sets it without an event", body: "id: 1\ndata: a\n\nid: 2\n\ndata: b\n\n",
			want: []string{"message|1|a", "message|2|b"}},
		{name: "event type is reset after dispatch and by an empty block", body: "event: x\n\ndata: a\n\n",
			want: []string{"message||a"}},
		{name: "retry digits", body: "retry: 2500\ndata: a\n\n", want: []string{"message||a"}, retry: 2500 * time.Millisecond},
		{name: "retry not digits ignored", body: "retry: 1s\nretry: -1\nretry: 1.5\nretry:\ndata: a\n\n", want: []string{"message||a"}},
		{name: "unknown fields and field without colon ignored", body: "foo: bar\nDATA: x\nevent\ndata: a\n\n",
			want: []string{"message||a"}},
		{name: "colon in value kept", body: "data: a: b:c\n\n", want: []string{"message||a: b:c"}},
		{name: "no data: no dispatch", body: "event: x\nid: 4\n\n", want: nil},
		{name: "end without blank line: not dispatched", body: "data: a\n\ndata: b\n", want: []string{"message||a"}},
		{name: "end in the middle of a line", body: "data: a\n\ndata: b", want: []string{"message||a"}},
		{name: "empty body", body: "", want: nil},
		{name: "line at the bound", body: "data: " + strings.Repeat("x", 10) + "\n\n", limit: 16,
			want: []string{"message||" + strings.Repeat("x", 10)}},
		{name: "line over the bound", body: "data: " + strings.Repeat("x", 11) + "\n\n", limit: 16, err: errLineTooLong},
		{name: "unterminated line over the bound", body: "data: " + strings.Repeat("x", 100), limit: 16, err: errLineTooLong},
		{name: "event data over the bound", body: "data: 12345678\ndata: 12345678\ndata: 1\n\n", limit: 16, err: errLineTooLong},
		{name: "comment over the bound", body: ":" + strings.Repeat("c", 40) + "\ndata: a\n\n", limit: 16, err: errLineTooLong},
	}
	readers := map[string]func(string) io.Reader{
		"whole":  func(s string) io.Reader { return strings.NewReader(s) },
		"bytes":  func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		"halves": func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
	}
	for _, tt := range tests {
		for name, reader := range readers {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				limit := tt.limit
				if limit == 0 {
					limit = defaultMaxStreamLine
				}
				got := parseSSE(reader(tt.body), limit)
				if tt.err != nil {
					assert.ErrorIs(t, got.err, tt.err)
					return
				}
				require.NoError(t, got.err)
				assert.Equal(t, tt.want, got.events)
				assert.Equal(t, tt.retry, got.retry)
			})
		}
	}
}

// TestSSEReaderBoundsItsBuffer: a body without a line end never makes
// the reader hold more than the bound.
func TestSSEReaderBoundsItsBuffer(t *testing.T) {
	s := newSSEReader(io.MultiReader(strings.NewReader("data: "), zeros{}), 1<<10)
	_, err := s.next()
	assert.ErrorIs(t, err, errLineTooLong)
	assert.LessOrEqual(t, cap(s.lines.buf), 1<<10+1)
}

// zeros is an endless body of "0".
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

func TestNDJSONLines(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
		err  error
	}{
		{"lines", "{\"a\":1}\n{\"a\":2}\n", []string{`{"a":1}`, `{"a":2}`}, nil},
		{"CRLF", "1\r\n2\r\n", []string{"1", "2"}, nil},
		{"last line without an end", "1\n2", []string{"1", "2"}, nil},
		{"blank lines skipped", "\n1\n \t\n\r\n2\n\n", []string{"1", "2"}, nil},
		{"byte order mark", "\xef\xbb\xbf1\n", []string{"1"}, nil},
		{"a lone CR is not a line end", "1\r2\n", []string{"1\r2"}, nil},
		{"over the bound", "1\n" + strings.Repeat("2", 17) + "\n", []string{"1"}, errLineTooLong},
		{"at the bound, CRLF", strings.Repeat("1", 16) + "\r\n2\n", []string{strings.Repeat("1", 16), "2"}, nil},
		{"at the bound, last line", "1\n" + strings.Repeat("2", 16), []string{"1", strings.Repeat("2", 16)}, nil},
		{"over the bound, CRLF", strings.Repeat("1", 17) + "\r\n", nil, errLineTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newNDJSONReader(iotest.OneByteReader(strings.NewReader(tt.body)), 16)
			var got []string
			var err error
			for {
				var line []byte
				if line, err = ndjsonNext(l); err != nil {
					break
				}
				got = append(got, string(line))
			}
			assert.Equal(t, tt.want, got)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			} else {
				assert.Equal(t, io.EOF, err)
			}
		})
	}
}

// referenceSSE parses a whole body as the standard says, line by line,
// with no buffering: the oracle of the fuzz target.
func referenceSSE(body string, limit int) parsed {
	body = strings.TrimPrefix(body, "\xef\xbb\xbf")
	var p parsed
	var data, typ, idBuf strings.Builder
	hasData := false
	for {
		i := strings.IndexAny(body, "\r\n")
		if i < 0 {
			if len(body) > limit {
				p.err = errLineTooLong
			}
			return p
		}
		if i > limit {
			p.err = errLineTooLong
			return p
		}
		line := body[:i]
		if body[i] == '\r' && i+1 < len(body) && body[i+1] == '\n' {
			i++
		}
		body = body[i+1:]
		if line == "" {
			if hasData {
				ev := typ.String()
				if ev == "" {
					ev = "message"
				}
				p.events = append(p.events, ev+"|"+idBuf.String()+"|"+strings.TrimSuffix(data.String(), "\n"))
			}
			data.Reset()
			typ.Reset()
			hasData = false
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch field {
		case "event":
			typ.Reset()
			typ.WriteString(value)
		case "data":
			if data.Len()+len(value) > limit {
				p.err = errLineTooLong
				return p
			}
			data.WriteString(value + "\n")
			hasData = true
		case "id":
			if !strings.ContainsFunc(value, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f }) {
				idBuf.Reset()
				idBuf.WriteString(value)
			}
		case "retry":
			if ms, ok := retryField([]byte(value)); ok {
				p.retry = ms
			}
		}
	}
}

// FuzzSSE checks the incremental parser against referenceSSE, reading
// the body whole and a byte at a time.
func FuzzSSE(f *testing.F) {
	for _, s := range []string{
		"data: YHOO\ndata: +2\ndata: 10\n\n",
		": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
		"data\n\ndata\ndata\n\ndata:",
		"event: a\r\ndata: x\r\r\nretry: 10\rid: \x00\n\n",
		"\xef\xbb\xbfdata: a\r",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		const limit = 64
		want := referenceSSE(body, limit)
		for _, r := range []io.Reader{strings.NewReader(body), iotest.OneByteReader(strings.NewReader(body))} {
			got := parseSSE(r, limit)
			if want.err != nil {
				if !errors.Is(got.err, errLineTooLong) {
					t.Fatalf("%q: got %q, %v; want the bound's error", body, got.events, got.err)
				}
				continue
			}
			if got.err != nil || !equalStrings(got.events, want.events) || got.retry != want.retry {
				t.Fatalf("%q:\ngot  %q %v %v\nwant %q %v", body, got.events, got.err, got.retry, want.events, want.retry)
			}
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSSEReaderAllocatesNothingPerEvent: once its buffers have grown, the
// reader reads events without allocating.
func TestSSEReaderAllocatesNothingPerEvent(t *testing.T) {
	body := bytes.Repeat([]byte("event: tick\nid: 42\ndata: {\"n\":1}\n\n"), 1000)
	r := bytes.NewReader(body)
	s := newSSEReader(r, defaultMaxStreamLine)
	allocs := testing.AllocsPerRun(1, func() {
		for {
			if _, err := s.next(); err != nil {
				break
			}
		}
	})
	assert.LessOrEqual(t, allocs, 2.0, "allocations for 1,000 events")
}

// dropping serves a server-sent event stream whose every connection sends
// one event, then fails.
type dropping struct {
	mu   sync.Mutex
	reqs []string // the Accept and Last-Event-ID of each request
}

func (d *dropping) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	n := len(d.reqs)
	d.reqs = append(d.reqs, r.Header.Get("Accept")+" "+r.Header.Get("Last-Event-ID"))
	d.mu.Unlock()
	body := io.MultiReader(strings.NewReader(fmt.Sprintf("id: e%d\ndata: event %d\n\n", n, n)), iotest.ErrReader(errors.New("connection reset")))
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}}, Body: io.NopCloser(body), Request: r}, nil
}

// TestStreamReconnectionsPayTheRetryBudget: each reconnection takes from
// the client's retry budget, and an empty budget ends the loop with the
// drop's error, matching ErrRetryBudgetExhausted, even though each
// reconnection brought an event (which resets only the count of
// reconnections in a row).
func TestStreamReconnectionsPayTheRetryBudget(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := testSettings()
	s.retry.budget = retryBudgetSettings{capacity: 3, retryCost: 1}
	d := &dropping{}
	tc := newTestClient(t, s, "http://stream.test", WithHTTPClient(&http.Client{Transport: d}))
	st := &streamer[string]{format: streamSSE, build: func() *request {
		r := getReq("/events")
		r.media = &mediaBody{accept: "text/event-stream", resp: respStream}
		return r
	}, decode: decodeEventText}
	var got []string
	var errs []error
	for ev, err := range syncStream(context.Background(), tc.core, st, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, ev.ID+"="+ev.Data)
	}
	assert.Equal(t, []string{"e0=event 0", "e1=event 1", "e2=event 2", "e3=event 3"}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrRetryBudgetExhausted)
	var ce *ConnectionError
	assert.ErrorAs(t, errs[0], &ce)
	assert.Equal(t, []string{"text/event-stream ", "text/event-stream e0", "text/event-stream e1", "text/event-stream e2"}, d.reqs)
	assert.Len(t, tc.clock.Sleeps(), 3, "one wait before each reconnection")
}

// lines serves one newline-delimited JSON body.
type lines string

func (l lines) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/x-ndjson"}}, Body: io.NopCloser(strings.NewReader(string(l))), Request: r}, nil
}

// TestStreamNDJSONDecodeError: a line that does not decode yields the
// error of a JSON response that does not decode, once, and ends the loop.
func TestStreamNDJSONDecodeError(t *testing.T) {
	tc := newTestClient(t, testSettings(), "http://stream.test", WithHTTPClient(&http.Client{Transport: lines("{\"id\":\"a\"}\n{\"id\":1}\n{\"id\":\"c\"}\n")}))
	st := &streamer[item]{format: streamNDJSON, build: func() *request {
		r := getReq("/lines")
		r.media = &mediaBody{accept: "application/x-ndjson", resp: respStream}
		return r
	}, decode: decodeEventJSON[item]}
	var got []string
	var errs []error
	for ev, err := range syncStream(context.Background(), tc.core, st, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, ev.Data.ID)
	}
	assert.Equal(t, []string{"a"}, got)
	require.Len(t, errs, 1)
	var ae *APIError
	require.ErrorAs(t, errs[0], &ae)
	assert.Contains(t, ae.Message, "Unexpected JSON response")
}

// TestNDJSONDropInTheMiddleOfALine: a line the connection is lost in the
// middle of is no line: "12" of "123" would decode. Only the end of the
// body ends a last line.
func TestNDJSONDropInTheMiddleOfALine(t *testing.T) {
	for _, cause := range []error{io.ErrUnexpectedEOF, context.Canceled} {
		l := newNDJSONReader(io.MultiReader(strings.NewReader("1\n12"), iotest.ErrReader(cause)), 16)
		line, err := ndjsonNext(l)
		require.NoError(t, err)
		assert.Equal(t, "1", string(line))
		line, err = ndjsonNext(l)
		assert.ErrorIs(t, err, cause, "line %q", line)
	}
}

// TestStreamEventDataIsFreshForEachEvent: each event's data is decoded
// into a zero value: a field the next event lacks is not the last one's,
// and a map kept from one event is not filled by the next.
func TestStreamEventDataIsFreshForEachEvent(t *testing.T) {
	body := "{\"id\":\"a\",\"count\":5}\n{\"id\":\"b\"}\n"
	tc := newTestClient(t, testSettings(), "http://stream.test", WithHTTPClient(&http.Client{Transport: lines(body)}))
	build := func() *request {
		r := getReq("/lines")
		r.media = &mediaBody{accept: "application/x-ndjson", resp: respStream}
		return r
	}
	var items []item
	for ev, err := range syncStream(context.Background(), tc.core, &streamer[item]{format: streamNDJSON, build: build, decode: decodeEventJSON[item]}, nil) {
		require.NoError(t, err)
		items = append(items, ev.Data)
	}
	assert.Equal(t, []item{{ID: "a", Count: 5}, {ID: "b"}}, items)
	var maps []map[string]any
	for ev, err := range syncStream(context.Background(), tc.core, &streamer[map[string]any]{format: streamNDJSON, build: build, decode: decodeEventJSON[map[string]any]}, nil) {
		require.NoError(t, err)
		maps = append(maps, ev.Data)
	}
	assert.Equal(t, []map[string]any{{"id": "a", "count": 5.0}, {"id": "b"}}, maps)
}
