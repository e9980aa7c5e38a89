package client

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
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// thingJSON is the GET and POST response: the 8-field object, with a nested
// object, a list of strings, a list of nested objects and a date-time.
const thingJSON = `{"id":"th-0042","count":17,"score":0.875,"active":true,` +
	`"created_at":"2026-11-01T09:30:15.123456Z",` +
	`"owner":{"id":"u-7","name":"Ada Lovelace","email":"ada@example.com"},` +
	`"tags":["blue","large","fragile"],` +
	`"parts":[{"sku":"P-100","quantity":2,"price":9.5},{"sku":"P-200","quantity":1,"price":120},{"sku":"P-300","quantity":12}]}`

// thingID is the path parameter of every GET.
const thingID = "th-0042"

// newThing is the 6-field POST body.
func newThing() *NewThing {
	score, active, email := 0.5, true, "grace@example.com"
	return &NewThing{
		Name:   "widget",
		Count:  3,
		Score:  &score,
		Active: &active,
		Tags:   []string{"new", "small"},
		Owner:  &Owner{ID: "u-9", Name: "Grace Hopper", Email: &email},
	}
}

// wantThing is thingJSON decoded.
func wantThing() Thing {
	email, p1, p2 := "ada@example.com", 9.5, 120.0
	return Thing{
		ID: "th-0042", Count: 17, Score: 0.875, Active: true,
		CreatedAt: time.Date(2026, 11, 1, 9, 30, 15, 123456000, time.UTC),
		Owner:     Owner{ID: "u-7", Name: "Ada Lovelace", Email: &email},
		Tags:      []string{"blue", "large", "fragile"},
		Parts:     []Part{{Sku: "P-100", Quantity: 2, Price: &p1}, {Sku: "P-200", Quantity: 1, Price: &p2}, {Sku: "P-300", Quantity: 12}},
	}
}

// Hand-written types for the raw calls, as a programmer would write them
// next to net/http and encoding/json.
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

func rawNewThingBody() *rawNewThing {
	n := newThing()
	return &rawNewThing{Name: n.Name, Count: n.Count, Score: n.Score, Active: n.Active, Tags: n.Tags,
		Owner: &rawOwner{ID: n.Owner.ID, Name: n.Owner.Name, Email: n.Owner.Email}}
}

// rawClient is the hand-written baseline: net/http and encoding/json, with
// the status check and error handling a careful programmer writes, and no
// retries, timeouts or error parsing.
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
// The request body is read and closed, as a real transport does.
type memTransport struct {
	thing  []byte
	header http.Header
}

func newMemTransport() *memTransport {
	return &memTransport{thing: []byte(thingJSON), header: http.Header{"Content-Type": {"application/json"}}}
}

func (t *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
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
func thingHandler() http.Handler {
	body := []byte(thingJSON)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !strings.HasPrefix(r.URL.Path, "/api/v1/things") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

// setup is one way of reaching the server: the base URL and the
// *http.Client both the raw and the generated client use.
type setup struct {
	base string
	hc   *http.Client
}

func inMemory(tb testing.TB) setup {
	hc := &http.Client{Transport: newMemTransport()}
	return setup{base: "http://things.invalid/api/v1", hc: hc}
}

func loopback(tb testing.TB) setup {
	srv := httptest.NewServer(thingHandler())
	hc := srv.Client()
	tb.Cleanup(func() {
		hc.CloseIdleConnections()
		srv.Close()
	})
	return setup{base: srv.URL + "/api/v1", hc: hc}
}

func (s setup) raw() *rawClient { return &rawClient{hc: s.hc, base: s.base} }

func (s setup) client(tb testing.TB) *Client {
	c, err := NewClient(WithBaseURL(s.base), WithHTTPClient(s.hc))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = c.Close() })
	return c
}
