package example

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	httpbin "github.com/clientgen/clientgen/examples/httpbin/httpbinclient"
)

// mediaAPI is the part of the client with bodies and responses that are
// not JSON; media gives it for either flavour of a scenario.
type mediaAPI interface {
	PostForm(ctx context.Context, body *httpbin.NoteForm, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	Upload(ctx context.Context, body *httpbin.NoteForm, files []httpbin.File, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	PutRaw(ctx context.Context, body io.Reader, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	PostText(ctx context.Context, body string, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	Robots(ctx context.Context, opts ...httpbin.CallOption) (string, error)
	Bytes(ctx context.Context, n int, params *httpbin.BytesParams, opts ...httpbin.CallOption) ([]byte, error)
	ImagePng(ctx context.Context, opts ...httpbin.CallOption) ([]byte, error)
	StreamBytes(ctx context.Context, n int, params *httpbin.StreamBytesParams, opts ...httpbin.CallOption) (io.ReadCloser, error)
	Range(ctx context.Context, n int, opts ...httpbin.CallOption) (io.ReadCloser, error)
	PatchStatus(ctx context.Context, code int, opts ...httpbin.CallOption) (*httpbin.PatchStatusResponse, error)
}

func media(e env) mediaAPI {
	if a, ok := e.c.(asyncAPI); ok {
		return asyncMedia(a)
	}
	return e.c.(syncAPI).Client
}

type asyncMedia struct{ ac *httpbin.AsyncClient }

func (a asyncMedia) PostForm(ctx context.Context, b *httpbin.NoteForm, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.PostForm(ctx, b, o...))
}
func (a asyncMedia) Upload(ctx context.Context, b *httpbin.NoteForm, f []httpbin.File, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.Upload(ctx, b, f, o...))
}
func (a asyncMedia) PutRaw(ctx context.Context, b io.Reader, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.PutRaw(ctx, b, o...))
}
func (a asyncMedia) PostText(ctx context.Context, b string, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.PostText(ctx, b, o...))
}
func (a asyncMedia) Robots(ctx context.Context, o ...httpbin.CallOption) (string, error) {
	return wait(ctx, a.ac.Robots(ctx, o...))
}
func (a asyncMedia) Bytes(ctx context.Context, n int, p *httpbin.BytesParams, o ...httpbin.CallOption) ([]byte, error) {
	return wait(ctx, a.ac.Bytes(ctx, n, p, o...))
}
func (a asyncMedia) ImagePng(ctx context.Context, o ...httpbin.CallOption) ([]byte, error) {
	return wait(ctx, a.ac.ImagePng(ctx, o...))
}
func (a asyncMedia) StreamBytes(ctx context.Context, n int, p *httpbin.StreamBytesParams, o ...httpbin.CallOption) (io.ReadCloser, error) {
	return wait(ctx, a.ac.StreamBytes(ctx, n, p, o...))
}
func (a asyncMedia) Range(ctx context.Context, n int, o ...httpbin.CallOption) (io.ReadCloser, error) {
	return wait(ctx, a.ac.Range(ctx, n, o...))
}
func (a asyncMedia) PatchStatus(ctx context.Context, code int, o ...httpbin.CallOption) (*httpbin.PatchStatusResponse, error) {
	return wait(ctx, a.ac.PatchStatus(ctx, code, o...))
}

func TestFormAndMultipartBodies(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := context.Background()
		m := media(e)
		prio := 2
		form := &httpbin.NoteForm{Title: "a & b", Priority: &prio, Tags: []string{"x", "y"}}
		got, err := m.PostForm(ctx, form)
		if err != nil {
			t.Fatal(err)
		}
		if ct := got.Headers["Content-Type"]; len(ct) != 1 || ct[0] != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type %q", ct)
		}
		want := map[string][]string{"title": {"a & b"}, "priority": {"2"}, "tags": {"x", "y"}}
		if !equalValues(got.Form, want) {
			t.Errorf("form %v, want %v", got.Form, want)
		}

		got, err = m.Upload(ctx, &httpbin.NoteForm{Title: "report"}, []httpbin.File{
			{Field: "doc", Name: "a.txt", ContentType: "text/plain", Body: strings.NewReader("hello file")},
			{Field: "more", Name: "b.bin", Body: onlyRead{strings.NewReader("second")}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if ct := got.Headers["Content-Type"]; len(ct) != 1 || !strings.HasPrefix(ct[0], "multipart/form-data; boundary=") {
			t.Errorf("Content-Type %q", ct)
		}
		if !equalValues(got.Form, map[string][]string{"title": {"report"}}) {
			t.Errorf("form %v", got.Form)
		}
		if !equalValues(got.Files, map[string][]string{"doc": {"hello file"}, "more": {"second"}}) {
			t.Errorf("files %v", got.Files)
		}
	})
}

func TestRawAndTextBodies(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := context.Background()
		m := media(e)
		raw := []byte{0, 1, 2, 0xff}
		got, err := m.PutRaw(ctx, bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if want := "data:application/octet-stream;base64," + base64.URLEncoding.EncodeToString(raw); got.Data != want {
			t.Errorf("data %q, want %q", got.Data, want)
		}
		if cl := got.Headers["Content-Length"]; len(cl) != 1 || cl[0] != "4" {
			t.Errorf("Content-Length %q: a seekable body has a known length", cl)
		}
		got, err = m.PostText(ctx, "plain words")
		if err != nil {
			t.Fatal(err)
		}
		if got.Data != "plain words" || got.Headers["Content-Type"][0] != "text/plain; charset=utf-8" {
			t.Errorf("data %q, headers %v", got.Data, got.Headers)
		}
	})
}

func TestTextAndBytesResponses(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := context.Background()
		m := media(e)
		robots, err := m.Robots(ctx)
		if err != nil || !strings.Contains(robots, "User-agent: *") {
			t.Fatalf("robots %q, %v", robots, err)
		}
		seed := 7
		b1, err := m.Bytes(ctx, 100, &httpbin.BytesParams{Seed: &seed})
		if err != nil || len(b1) != 100 {
			t.Fatalf("%d bytes, %v", len(b1), err)
		}
		b2, err := m.Bytes(ctx, 100, &httpbin.BytesParams{Seed: &seed})
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("the same seed gave other bytes (%v)", err)
		}
		png, err := m.ImagePng(ctx)
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("not a PNG (%d bytes), %v", len(png), err)
		}
	})
}

func TestStreamedDownloads(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := context.Background()
		m := media(e)
		seed, chunk := 3, 1000
		rc, err := m.StreamBytes(ctx, 50000, &httpbin.StreamBytesParams{Seed: &seed, ChunkSize: &chunk})
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		if cerr := rc.Close(); err == nil {
			err = cerr
		}
		if err != nil || n != 50000 {
			t.Fatalf("read %d bytes, %v", n, err)
		}
		rc, err = m.Range(ctx, 30)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil || string(b) != "abcdefghijklmnopqrstuvwxyzabcd" {
			t.Fatalf("range %q, %v", b, err)
		}
	})
}

func TestStreamRetriedBeforeHandOver(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		// The first attempt of each call is sent to /status/503 instead, a
		// status the catalog retries: the second attempt reaches the stream.
		rc, err := media(e).StreamBytes(context.Background(), 10, nil, httpbin.WithCallHeader("X-Fail-Once", t.Name()))
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil || len(b) != 10 {
			t.Fatalf("read %d bytes, %v", len(b), err)
		}
		if e.srv.count("GET /status/503") != 1 || e.attempts.waits() != 1 {
			t.Fatalf("%d failed attempts, %d retries; want 1 and 1", e.srv.count("GET /status/503"), e.attempts.waits())
		}
	}, httpbin.WithRequestEditor(failOnce()))
}

// failOnce sends the first attempt of each call marked with an X-Fail-Once
// header (its value names the call) to go-httpbin's /status/503.
func failOnce() httpbin.RequestEditor {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(_ context.Context, r *http.Request) error {
		key := r.Header.Get("X-Fail-Once")
		mu.Lock()
		defer mu.Unlock()
		if key != "" && !seen[key] {
			seen[key] = true
			r.URL.Path = "/status/503"
		}
		return nil
	}
}

func TestStatusGivenBack(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		for _, code := range []int{200, 201, 202} {
			r, err := media(e).PatchStatus(context.Background(), code)
			if err != nil || r.Status != code {
				t.Fatalf("PATCH /status/%d: %+v, %v", code, r, err)
			}
		}
		_, err := media(e).PatchStatus(context.Background(), 404)
		var apiErr *httpbin.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
			t.Fatalf("PATCH /status/404: %v", err)
		}
	})
}

// onlyRead hides every method of a reader but Read: a body that cannot be
// replayed.
type onlyRead struct{ r io.Reader }

func (o onlyRead) Read(p []byte) (int, error) { return o.r.Read(p) }

// equalValues compares two maps of string lists.
func equalValues(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, vs := range a {
		if strings.Join(vs, "\x00") != strings.Join(b[k], "\x00") {
			return false
		}
	}
	return true
}
