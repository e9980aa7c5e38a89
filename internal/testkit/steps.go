package testkit

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Reply answers with status, a body (typed application/json unless a
// Content-Type is given) and headers given as key, value pairs.
func Reply(status int, body string, headers ...string) Step {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// Redirect answers with a redirect to loc.
func Redirect(status int, loc string) Step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", loc)
		w.WriteHeader(status)
	}
}

// Hijack takes a loopback connection over, writes raw and closes it; with
// reset the close is abortive (SetLinger(0): the client sees a TCP RST).
func Hijack(w http.ResponseWriter, raw string, reset bool) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(fmt.Sprintf("hijack (a loopback server only): %v", err))
	}
	if raw != "" {
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}
	if reset {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
	}
	_ = conn.Close()
}

// Drop closes the connection without answering.
func Drop() Step {
	return func(w http.ResponseWriter, r *http.Request) { Hijack(w, "", false) }
}

// ResetConn resets the connection without answering.
func ResetConn() Step {
	return func(w http.ResponseWriter, r *http.Request) { Hijack(w, "", true) }
}

// RawResponse writes a raw HTTP response (possibly incomplete) and closes
// the connection, resetting it when reset is set.
func RawResponse(resp string, reset bool) Step {
	return func(w http.ResponseWriter, r *http.Request) { Hijack(w, resp, reset) }
}

// releaseKey is the context key of a server's release channel.
type releaseKey struct{}

// HangLimit bounds how long a handler blocks when a client never gives up,
// so that a client ignoring its timeout fails the test instead of hanging
// it; a working client gives up long before.
const HangLimit = 5 * time.Second

// BlockUntilDone blocks until the client goes away, the test ends or
// HangLimit passes.
func BlockUntilDone(r *http.Request) {
	release, _ := r.Context().Value(releaseKey{}).(chan struct{})
	t := time.NewTimer(HangLimit)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-release:
	case <-t.C:
	}
}

// Hang never answers: it blocks until the client gives up or the test
// ends.
func Hang() Step {
	return func(w http.ResponseWriter, r *http.Request) { BlockUntilDone(r) }
}

// SlowBody sends the headers and the start of a body, then blocks until
// the client gives up or the test ends.
func SlowBody(prefix string) Step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, prefix)
		_ = http.NewResponseController(w).Flush()
		BlockUntilDone(r)
	}
}
