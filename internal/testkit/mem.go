package testkit

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// memTransport hands each request to the server's handler in a goroutine
// and streams the response back through a pipe: no socket, so every wait
// is on a channel and a synctest bubble sees it as durably blocked.
type memTransport struct{ s *Server }

func (m memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sreq := req.Clone(context.WithValue(ctx, releaseKey{}, m.s.release))
	sreq.Body = io.NopCloser(bytes.NewReader(body))
	sreq.ContentLength = int64(len(body))
	sreq.RequestURI = req.URL.RequestURI()
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	sreq.RemoteAddr = "192.0.2.1:1234"

	pr, pw := io.Pipe()
	w := &memWriter{header: http.Header{}, pw: pw, ready: make(chan struct{}), req: req}
	// A canceled request fails its body reads the way a real transport's
	// do, whether or not the handler has returned.
	stop := context.AfterFunc(ctx, func() { _ = pw.CloseWithError(ctx.Err()) })
	go func() {
		defer func() {
			w.WriteHeader(http.StatusOK) // no-op once written
			// A handler that returned because the request was canceled
			// must not end the body cleanly.
			_ = pw.CloseWithError(ctx.Err())
		}()
		m.s.serve(w, sreq)
	}()
	select {
	case <-w.ready:
		w.resp.Body = &memBody{PipeReader: pr, stop: stop}
		return w.resp, nil
	case <-ctx.Done():
		stop()
		_ = pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
}

// memWriter is the handler's side of an in-memory exchange.
type memWriter struct {
	header http.Header
	pw     *io.PipeWriter
	req    *http.Request
	once   sync.Once
	ready  chan struct{}
	resp   *http.Response
}

func (w *memWriter) Header() http.Header { return w.header }

func (w *memWriter) WriteHeader(status int) {
	w.once.Do(func() {
		h := w.header.Clone()
		length := int64(-1)
		if v := h.Get("Content-Length"); v != "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				length = n
			}
		}
		w.resp = &http.Response{
			Status:        strconv.Itoa(status) + " " + http.StatusText(status),
			StatusCode:    status,
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        h,
			ContentLength: length,
			Request:       w.req,
		}
		close(w.ready)
	})
}

func (w *memWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush is a no-op: every write reaches the reader directly.
func (w *memWriter) Flush() {}

// memBody is a response body; closing it stops watching the request's
// context.
type memBody struct {
	*io.PipeReader
	stop func() bool
}

func (b *memBody) Close() error {
	b.stop()
	return b.PipeReader.Close()
}
