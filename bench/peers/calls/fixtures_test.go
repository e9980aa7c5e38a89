package calls

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// thingJSON is the GET and POST response: the 8-field object of
// bench/client's benchmarks, with a nested object, a list of strings, a
// list of nested objects and a date-time.
const thingJSON = `{"id":"th-0042","count":17,"score":0.875,"active":true,` +
	`"created_at":"2026-11-01T09:30:15.123456Z",` +
	`"owner":{"id":"u-7","name":"Ada Lovelace","email":"ada@example.com"},` +
	`"tags":["blue","large","fragile"],` +
	`"parts":[{"sku":"P-100","quantity":2,"price":9.5},{"sku":"P-200","quantity":1,"price":120},{"sku":"P-300","quantity":12}]}`

// thingID is the path parameter of every GET.
const thingID = "th-0042"

// The 6 fields of the POST body, shared by every variant.
var (
	bodyName   = "widget"
	bodyCount  = 3
	bodyScore  = 0.5
	bodyActive = true
	bodyTags   = []string{"new", "small"}
	bodyOwner  = rawOwner{ID: "u-9", Name: "Grace Hopper", Email: ptr("grace@example.com")}
)

func ptr[T any](v T) *T { return &v }

// Hand-written types for the raw calls, as a programmer would write them
// next to net/http and encoding/json. rawThing is also the common form every
// variant's result is converted to by the tests.
type (
	rawOwner struct {
		ID    string  `json:"id"`
		Name  string  `json:"name"`
		Email *string `json:"email,omitempty"`
	}
	rawPart struct {
		Sku      string   `json:"sku"`
		Quantity int      `json:"quantity"`
		Price    *float64 `json:"price,omitempty"`
	}
	rawThing struct {
		ID        string    `json:"id"`
		Count     int       `json:"count"`
		Score     float64   `json:"score"`
		Active    bool      `json:"active"`
		CreatedAt time.Time `json:"created_at"`
		Owner     rawOwner  `json:"owner"`
		Tags      []string  `json:"tags,omitempty"`
		Parts     []rawPart `json:"parts,omitempty"`
	}
	rawNewThing struct {
		Name   string    `json:"name"`
		Count  int       `json:"count"`
		Score  *float64  `json:"score,omitempty"`
		Active *bool     `json:"active,omitempty"`
		Tags   []string  `json:"tags,omitempty"`
		Owner  *rawOwner `json:"owner,omitempty"`
	}
)

func rawBody() *rawNewThing {
	return &rawNewThing{Name: bodyName, Count: bodyCount, Score: &bodyScore, Active: &bodyActive,
		Tags: bodyTags, Owner: &bodyOwner}
}

// rawClient is the hand-written baseline: net/http and encoding/json, with
// the status check a careful programmer writes, and no retries, timeouts or
// error parsing.
type rawClient struct {
	hc   *http.Client
	base string
}

func (c *rawClient) getThing(ctx context.Context, id string) (*rawThing, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/things/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	var v rawThing
	if err := c.do(req, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

func (c *rawClient) createThing(ctx context.Context, body *rawNewThing) (*rawThing, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/things", bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	var v rawThing
	if err := c.do(req, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

func (c *rawClient) do(req *http.Request, v any) error {
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s %s: status %d", req.Method, req.URL, resp.StatusCode)
	}
	return json.Unmarshal(data, v)
}

// memTransport answers GET /things/{id} and POST /things from memory: the
// response bytes are built once, each response gets its own body reader.
// The request body is read and closed, as a real transport does; when
// sink is set, it receives the last body (tests only).
type memTransport struct {
	thing  []byte
	header http.Header
	sink   func([]byte)
}

func (t *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		if t.sink != nil {
			b, _ := io.ReadAll(req.Body)
			t.sink(b)
		} else {
			_, _ = io.Copy(io.Discard, req.Body)
		}
		_ = req.Body.Close()
	}
	if !strings.HasPrefix(req.URL.Path, "/api/v1/things") {
		return &http.Response{StatusCode: http.StatusNotFound, Status: "404 Not Found", Header: http.Header{},
			Body: http.NoBody, Request: req, ProtoMajor: 1, ProtoMinor: 1}, nil
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        t.header,
		Body:          io.NopCloser(bytes.NewReader(t.thing)),
		ContentLength: int64(len(t.thing)),
		Request:       req,
	}, nil
}

// thingHandler is the loopback server: it reads the request body and
// answers every /things request with thingJSON.
func thingHandler(sink func([]byte)) http.Handler {
	body := []byte(thingJSON)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if sink != nil && len(b) > 0 {
			sink(b)
		}
		if !strings.HasPrefix(r.URL.Path, "/api/v1/things") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

// setup is one way of reaching the server: the base URL and the
// *http.Client every variant uses.
type setup struct {
	base string
	hc   *http.Client
}

func inMemory(_ testing.TB, sink func([]byte)) setup {
	t := &memTransport{thing: []byte(thingJSON), header: http.Header{"Content-Type": {"application/json"}}, sink: sink}
	return setup{base: "http://things.invalid/api/v1", hc: &http.Client{Transport: t}}
}

// loopback starts an httptest server. Its client keeps up to 64 idle
// connections, so that 64 goroutines in parallel reuse connections instead
// of opening one per call (the default keeps 2).
func loopback(tb testing.TB, sink func([]byte)) setup {
	srv := httptest.NewServer(thingHandler(sink))
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	hc := &http.Client{Transport: tr}
	tb.Cleanup(func() {
		hc.CloseIdleConnections()
		srv.Close()
	})
	return setup{base: srv.URL + "/api/v1", hc: hc}
}

// processCPU is the CPU time (user and system) the process has used; time
// spent waiting for a core is not counted.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
