//go:build unix

package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// opServer is a fake server of long-running operations, answering from
// memory: POST /things/{id}/rebuild starts an operation with a new id, and
// GET /operations/{id} reports it running twice, then completed.
type opServer struct {
	starts atomic.Int64
	polls  atomic.Int64

	mu     sync.Mutex
	polled map[string]int // polls so far of each unfinished operation

	statuses [3][]byte // the answers to the first, second and later polls
	header   http.Header
}

func newOpServer() *opServer {
	s := &opServer{polled: map[string]int{}, header: http.Header{"Content-Type": {"application/json"}}}
	for i, st := range []struct {
		status string
		pct    int
	}{{"running", 33}, {"running", 67}, {"completed", 100}} {
		s.statuses[i] = fmt.Appendf(nil, `{"success":true,"data":{"operation_id":"op","status":%q,"progress":{"percentage":%d,"current_step":"rebuilding"}}}`, st.status, st.pct)
	}
	return s
}

func (s *opServer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	var body []byte
	switch path := req.URL.Path; {
	case req.Method == http.MethodPost && strings.HasSuffix(path, "/rebuild"):
		body = fmt.Appendf(nil, `{"task_id":"op-%d"}`, s.starts.Add(1))
	case req.Method == http.MethodGet && strings.HasPrefix(path, "/api/v1/operations/"):
		id := strings.TrimPrefix(path, "/api/v1/operations/")
		s.polls.Add(1)
		s.mu.Lock()
		s.polled[id]++
		n := s.polled[id]
		if n >= len(s.statuses) {
			delete(s.polled, id)
		}
		s.mu.Unlock()
		body = s.statuses[min(n, len(s.statuses))-1]
	default:
		return &http.Response{StatusCode: http.StatusNotFound, Status: "404 Not Found", Header: http.Header{},
			Body: http.NoBody, Request: req, ProtoMajor: 1, ProtoMinor: 1}, nil
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: s.header, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req,
	}, nil
}

// concurrentOperations is the number of operations of one batch.
const concurrentOperations = 1000

// runOperations starts n operations at once on the async client, polled
// every interval, and waits for all of them.
func runOperations(tb testing.TB, c *AsyncClient, n int, interval time.Duration) {
	ctx := context.Background()
	ops := make([]*Operation[OperationStatusResponse], n)
	for i := range ops {
		ops[i] = c.RebuildThingOperation(ctx, thingID, WithPollInterval(interval), WithPollMaxInterval(interval))
	}
	for _, op := range ops {
		res, err := op.Wait(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		if res.Data.Status != OperationStatusCompleted {
			tb.Fatalf("operation %s ended %q", op.ID(), res.Data.Status)
		}
	}
}

func newOpClient(tb testing.TB, s *opServer) *AsyncClient {
	c, err := NewAsyncClient(WithBaseURL("http://things.invalid/api/v1"), WithHTTPClient(&http.Client{Transport: s}))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// BenchmarkOperations runs batches of 1,000 concurrent operations, each
// polled three times (running, running, completed) with a real wait
// between polls. One op is one batch. It reports the process CPU time per
// poll (everything the process did, starts and decoding included, divided
// by the status requests), the polls per operation (3.00 when no poll is
// wasted) and the CPU cores busy on average: a runner that spun while
// waiting would keep that near 2, and a ten-times longer interval would
// not lower it.
func BenchmarkOperations(b *testing.B) {
	for _, interval := range []time.Duration{20 * time.Millisecond, 200 * time.Millisecond} {
		b.Run("interval="+interval.String(), func(b *testing.B) {
			s := newOpServer()
			c := newOpClient(b, s)
			operations := 0
			cpu0, wall0, polls0 := processCPU(), time.Now(), s.polls.Load()
			for b.Loop() {
				runOperations(b, c, concurrentOperations, interval)
				operations += concurrentOperations
			}
			cpu, wall, polls := processCPU()-cpu0, time.Since(wall0), s.polls.Load()-polls0
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(polls), "cpu-ns/poll")
			b.ReportMetric(float64(polls)/float64(operations), "polls/operation")
			b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cpu-cores")
		})
	}
}

// TestOperationsPollExactly runs 100 concurrent operations with a short
// poll interval: each is started once and polled exactly three times (two
// in-progress answers, then completed). How much CPU the waiting costs is
// measured by BenchmarkOperations, not asserted here: a test does not time.
func TestOperationsPollExactly(t *testing.T) {
	const n = 100
	s := newOpServer()
	c := newOpClient(t, s)
	runOperations(t, c, n, time.Millisecond)
	assert.Equal(t, int64(n), s.starts.Load(), "starts")
	assert.Equal(t, int64(3*n), s.polls.Load(), "polls")
}
