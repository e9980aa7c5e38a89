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
