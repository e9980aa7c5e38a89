package rt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/internal/testkit"
)

// streamReq is a GET whose response is handed over as a stream.
func streamReq(path string) *request {
	return &request{endpoint: "download", method: http.MethodGet, path: path, idempotent: true, maxRetries: -1,
		media: &mediaBody{accept: "application/octet-stream", resp: respStream}}
}

// The attempt timeout bounds the wait for the response headers; the
// download itself may take longer.
func TestStreamTimeoutBoundsTheWaitOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 0 { // headers after the timeout: an attempt that timed out
				select {
				case <-r.Context().Done():
					return
				case <-time.After(2 * time.Second):
				}
			}
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("a"))
			time.Sleep(3 * time.Second) // a slow download, past the timeout
			_, _ = w.Write([]byte("b"))
		})
		c := newMemClient(t, testSettings(), srv, WithTimeout(time.Second), WithRetryDelay(time.Millisecond))
		rc, err := callStream(context.Background(), c.core, streamReq("/blob"), nil)
		require.NoError(t, err)
		assert.Equal(t, 2, srv.Count(), "the attempt whose headers came late is retried")
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		assert.Equal(t, "ab", string(b))
		require.NoError(t, rc.Close())
	})
}

func TestStreamHeadersLateIsATimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
				w.WriteHeader(http.StatusOK)
			}
		})
		c := newMemClient(t, testSettings(), srv, WithTimeout(time.Second), WithMaxRetries(0))
		_, err := callStream(context.Background(), c.core, streamReq("/blob"), nil)
		var te *TimeoutError
		require.ErrorAs(t, err, &te)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

// The call deadline and the caller's context bound the download too; the
// error comes from Read, after the hand-over, and nothing is retried.
func TestStreamCallDeadlineEndsTheDownload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("a"))
			<-r.Context().Done()
		})
		c := newMemClient(t, testSettings(), srv, WithTimeout(time.Second))
		rc, err := callStream(context.Background(), c.core, streamReq("/blob"), []CallOption{WithCallDeadline(5 * time.Second)})
		require.NoError(t, err)
		start := time.Now()
		b, err := io.ReadAll(rc)
		assert.Equal(t, "a", string(b))
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "read error %v", err)
		assert.Equal(t, 5*time.Second, time.Since(start))
		assert.Equal(t, 1, srv.Count())
		require.NoError(t, rc.Close())
	})
}

func TestCallTextAndBytes(t *testing.T) {
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 2 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = w.Write([]byte("héllo " + r.Header.Get("Accept")))
	})
	c := newTestClient(t, testSettings(), srv.URL)
	req := func(accept string, mode respMode) *request {
		r := getReq("/doc")
		r.media = &mediaBody{accept: accept, resp: mode}
		return r
	}
	s, err := callText(context.Background(), c.core, req("text/plain", respText), nil)
	require.NoError(t, err)
	assert.Equal(t, "héllo text/plain", s)
	b, err := callBytes(context.Background(), c.core, req("image/png", respBytes), nil)
	require.NoError(t, err)
	assert.Equal(t, []byte("héllo image/png"), b)
	b, err = callBytes(context.Background(), c.core, req("image/png", respBytes), nil)
	require.NoError(t, err)
	assert.Equal(t, []byte{}, b, "an empty body is an empty slice, not nil")
}

func TestCallStatusPicksByStatus(t *testing.T) {
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 0:
			writeJSON(w, http.StatusCreated, `{"id":"a"}`)
		case 1:
			w.WriteHeader(http.StatusAccepted)
		default:
			w.WriteHeader(http.StatusCreated) // a listed status without its body
		}
	})
	c := newTestClient(t, testSettings(), srv.URL)
	var got *item
	var status int
	pick := func(s int) any {
		status = s
		if s == http.StatusCreated {
			got = new(item)
			return got
		}
		return nil
	}
	require.NoError(t, callStatus(context.Background(), c.core, getReq("/job"), nil, pick))
	assert.Equal(t, http.StatusCreated, status)
	assert.Equal(t, &item{ID: "a"}, got)
	require.NoError(t, callStatus(context.Background(), c.core, getReq("/job"), nil, pick))
	assert.Equal(t, http.StatusAccepted, status)
	err := callStatus(context.Background(), c.core, getReq("/job"), nil, pick)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "a status listed with a type needs a body")
}
