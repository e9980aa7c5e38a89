package media

// Behaviour of non-JSON bodies and responses, run by TestMediaBehaviour in
// a module rendered from this catalog; every test runs both flavours.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// flavour calls one endpoint through the sync or the async client.
type flavour struct {
	name string
	wrap func(c *Client) API
}

// asyncAPI adapts AsyncClient to API by waiting for each call.
type asyncAPI struct{ a *AsyncClient }

func (x asyncAPI) CreateJob(ctx context.Context, body *UploadForm, opts ...CallOption) (*CreateJobResponse, error) {
	return x.a.CreateJob(ctx, body, opts...).Wait(ctx)
}
func (x asyncAPI) Download(ctx context.Context, name string, opts ...CallOption) (io.ReadCloser, error) {
	return x.a.Download(ctx, name, opts...).Wait(ctx)
}
func (x asyncAPI) GetImage(ctx context.Context, opts ...CallOption) ([]byte, error) {
	return x.a.GetImage(ctx, opts...).Wait(ctx)
}
func (x asyncAPI) PostFiles(ctx context.Context, body *UploadForm, files []File, opts ...CallOption) (string, error) {
	return x.a.PostFiles(ctx, body, files, opts...).Wait(ctx)
}
func (x asyncAPI) PostFilesOnly(ctx context.Context, files []File, opts ...CallOption) error {
	_, err := x.a.PostFilesOnly(ctx, files, opts...).Wait(ctx)
	return err
}
func (x asyncAPI) PostForm(ctx context.Context, body *UploadForm, opts ...CallOption) ([]byte, error) {
	return x.a.PostForm(ctx, body, opts...).Wait(ctx)
}
func (x asyncAPI) PostNote(ctx context.Context, body string, opts ...CallOption) (string, error) {
	return x.a.PostNote(ctx, body, opts...).Wait(ctx)
}
func (x asyncAPI) PutBlob(ctx context.Context, name string, body io.Reader, opts ...CallOption) error {
	_, err := x.a.PutBlob(ctx, name, body, opts...).Wait(ctx)
	return err
}

func flavours() []flavour {
	return []flavour{
		{"sync", func(c *Client) API { return c }},
		{"async", func(c *Client) API { return asyncAPI{c.Async()} }},
	}
}

// each runs fn on both flavours, against a new server with handler h.
func each(t *testing.T, h http.HandlerFunc, fn func(t *testing.T, api API)) {
	for _, fl := range flavours() {
		t.Run(fl.name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			c, err := NewClient(WithBaseURL(srv.URL), WithRetryDelay(1), WithRetryJitter(0))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close() })
			fn(t, fl.wrap(c))
		})
	}
}

// failFirst answers 503 to the first request, after reading its body, and
// passes the others to h; it records every body it read.
func failFirst(h http.HandlerFunc, bodies *[]string, n *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			b, _ := io.ReadAll(r.Body)
			*bodies = append(*bodies, string(b))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h(w, r)
	}
}

// onlyReader hides every method of a reader but Read.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestBehaviourRawSeekerReplayed(t *testing.T) {
	var bodies []string
	var n atomic.Int32
	h := failFirst(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, fmt.Sprintf("%s %d %s", r.Header.Get("Content-Type"), r.ContentLength, b))
		w.WriteHeader(http.StatusNoContent)
	}, &bodies, &n)
	each(t, h, func(t *testing.T, api API) {
		bodies, n = nil, atomic.Int32{}
		r := strings.NewReader("xxblob")
		_, _ = r.Seek(2, io.SeekStart) // replayed from where it stood
		if err := api.PutBlob(context.Background(), "a", r); err != nil {
			t.Fatal(err)
		}
		want := []string{"blob", "application/octet-stream 4 blob"}
		if fmt.Sprint(bodies) != fmt.Sprint(want) {
			t.Fatalf("bodies %q, want %q", bodies, want)
		}
	})
}

func TestBehaviourRawReaderSentOnce(t *testing.T) {
	var bodies []string
	var n atomic.Int32
	h := failFirst(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, &bodies, &n)
	each(t, h, func(t *testing.T, api API) {
		bodies, n = nil, atomic.Int32{}
		err := api.PutBlob(context.Background(), "a", onlyReader{strings.NewReader("blob")})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("err = %v, want the 503 of the only attempt", err)
		}
		if n.Load() != 1 {
			t.Fatalf("%d attempts, want 1: the body cannot be replayed", n.Load())
		}
	})
}

// failUnsent fails the first round trip without reading the body.
type failUnsent struct{ n atomic.Int32 }

func (f *failUnsent) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.n.Add(1) == 1 {
		_ = r.Body.Close()
		return nil, errors.New("connection refused")
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestBehaviourRawReaderRetriedWhenUnread(t *testing.T) {
	for _, fl := range flavours() {
		t.Run(fl.name, func(t *testing.T) {
			var got string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got = string(b)
				w.WriteHeader(http.StatusNoContent)
			}))
			defer srv.Close()
			rt := &failUnsent{}
			c, err := NewClient(WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: rt}), WithRetryDelay(1), WithRetryJitter(0))
			if err != nil {
				t.Fatal(err)
			}
			if err := fl.wrap(c).PutBlob(context.Background(), "a", onlyReader{strings.NewReader("blob")}); err != nil {
				t.Fatal(err)
			}
			if got != "blob" || rt.n.Load() != 2 {
				t.Fatalf("got %q after %d attempts, want blob after 2", got, rt.n.Load())
			}
		})
	}
}

func TestBehaviourTextAndForm(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/notes":
			b, _ := io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintf(w, "%s|%s|%s", r.Header.Get("Content-Type"), r.Header.Get("Accept"), b)
		case "/form":
			_ = r.ParseForm()
			var keys []string
			for k, vs := range r.PostForm {
				keys = append(keys, k+"="+strings.Join(vs, ","))
			}
			sort.Strings(keys)
			fmt.Fprintf(w, "%s|%s", r.Header.Get("Content-Type"), strings.Join(keys, "&"))
		}
	}
	each(t, h, func(t *testing.T, api API) {
		s, err := api.PostNote(context.Background(), "héllo")
		if err != nil || s != "text/plain; charset=utf-8|text/plain|héllo" {
			t.Fatalf("PostNote = %q, %v", s, err)
		}
		count, kind := 3, KindNote
		b, err := api.PostForm(context.Background(), &UploadForm{Title: "a b&c", Count: &count, Tags: []string{"x", "y"}, Kind: &kind, Priorities: []Priority{Priority3, -1}})
		if err != nil || string(b) != "application/x-www-form-urlencoded|count=3&kind=note&priorities=3,-1&tags=x,y&title=a b&c" {
			t.Fatalf("PostForm = %q, %v", b, err)
		}
		if _, err := api.PostForm(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "requires one") {
			t.Fatalf("a nil form body gave %v, want a refusal", err)
		}
	})
}

func TestBehaviourMultipartReplayed(t *testing.T) {
	var bodies []string
	var n atomic.Int32
	h := failFirst(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var parts []string
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			b, _ := io.ReadAll(p)
			parts = append(parts, fmt.Sprintf("%s:%s:%s:%s", p.FormName(), p.FileName(), p.Header.Get("Content-Type"), b))
		}
		fmt.Fprint(w, strings.Join(parts, "|"))
	}, &bodies, &n)
	each(t, h, func(t *testing.T, api API) {
		bodies, n = nil, atomic.Int32{}
		s, err := api.PostFiles(context.Background(), &UploadForm{Title: "t", Tags: []string{"x"}, Priorities: []Priority{Priority2}}, []File{
			{Field: "doc", Name: `a "b".txt`, ContentType: "text/plain", Body: strings.NewReader("one")},
			{Field: "raw", Name: "r.bin", Body: bytes.NewReader([]byte{1, 2})},
		})
		want := "priorities:::2|tags:::x|title:::t|doc:a \"b\".txt:text/plain:one|raw:r.bin:application/octet-stream:\x01\x02"
		if err != nil || s != want {
			t.Fatalf("PostFiles = %q, %v; want %q", s, err, want)
		}
		if n.Load() != 2 {
			t.Fatalf("%d attempts, want 2", n.Load())
		}
	})
}

// gatedReader yields first, then blocks until gate is closed, then yields
// rest: a body that cannot be read whole before the server has read first.
type gatedReader struct {
	first, rest string
	gate        chan struct{}
	state       int
}

func (g *gatedReader) Read(p []byte) (int, error) {
	switch g.state {
	case 0:
		g.state = 1
		return copy(p, g.first), nil
	case 1:
		<-g.gate
		g.state = 2
		return copy(p, g.rest), nil
	}
	return 0, io.EOF
}

func TestBehaviourMultipartStreamed(t *testing.T) {
	var gate chan struct{}
	h := func(w http.ResponseWriter, r *http.Request) {
		_, params, _ := strings.Cut(r.Header.Get("Content-Type"), "boundary=")
		mr := multipart.NewReader(r.Body, params)
		p, err := mr.NextPart()
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		buf := make([]byte, 5)
		if _, err := io.ReadFull(p, buf); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		close(gate) // the client sent the start of the file before having all of it
		rest, _ := io.ReadAll(p)
		w.WriteHeader(http.StatusNoContent)
		_, _ = w.Write(append(buf, rest...))
	}
	each(t, h, func(t *testing.T, api API) {
		gate = make(chan struct{})
		err := api.PostFilesOnly(context.Background(), []File{{Field: "f", Name: "f", Body: &gatedReader{first: "hello", rest: " world", gate: gate}}})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestBehaviourBytesBounded(t *testing.T) {
	size := 10
	h := func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "image/png" {
			http.Error(w, "accept", 406)
			return
		}
		_, _ = w.Write(bytes.Repeat([]byte{7}, size))
	}
	each(t, h, func(t *testing.T, api API) {
		size = 10
		b, err := api.GetImage(context.Background())
		if err != nil || !bytes.Equal(b, bytes.Repeat([]byte{7}, 10)) {
			t.Fatalf("GetImage = %v, %v", b, err)
		}
		size = 5000 // over max_response_bytes (4096)
		if _, err := api.GetImage(context.Background()); err == nil || !strings.Contains(err.Error(), "exceeds 4096 bytes") {
			t.Fatalf("a large body gave %v", err)
		}
	})
}

func TestBehaviourStream(t *testing.T) {
	const size = 1 << 20 // far over max_response_bytes
	var n atomic.Int32
	cut := make(chan struct{})
	h := func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried: not handed over yet
			return
		}
		if r.URL.Path == "/download/cut" {
			w.Header().Set("Content-Length", "100")
			_, _ = w.Write([]byte("partial"))
			w.(http.Flusher).Flush()
			<-cut
			panic(http.ErrAbortHandler) // the connection breaks after the hand-over
		}
		w.Header().Set("Content-Length", fmt.Sprint(size))
		_, _ = w.Write(bytes.Repeat([]byte("z"), size))
	}
	each(t, h, func(t *testing.T, api API) {
		n.Store(0)
		rc, err := api.Download(context.Background(), "big")
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.Copy(io.Discard, rc)
		if err != nil || got != size {
			t.Fatalf("read %d bytes, %v; want %d", got, err, size)
		}
		if err := rc.Close(); err != nil {
			t.Fatal(err)
		}
		if n.Load() != 2 {
			t.Fatalf("%d attempts, want 2", n.Load())
		}

		n.Store(1)
		rc, err = api.Download(context.Background(), "cut")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		buf := make([]byte, 7)
		if _, err := io.ReadFull(rc, buf); err != nil || string(buf) != "partial" {
			t.Fatalf("read %q, %v", buf, err)
		}
		cut <- struct{}{}
		if _, err := io.ReadAll(rc); err == nil {
			t.Fatal("a broken download read without an error")
		}
		if n.Load() != 2 {
			t.Fatalf("%d attempts, want 2: nothing is retried after the hand-over", n.Load())
		}
	})
}

func TestBehaviourStatusResponses(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Title string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		code, _ := strconv.Atoi(in.Title)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		switch code {
		case 200, 201:
			fmt.Fprintf(w, `{"id":"j%d"}`, code)
		case 202:
			fmt.Fprint(w, `["queued"]`)
		case 203:
			fmt.Fprint(w, `"unlisted"`)
		}
	}
	for _, fl := range flavours() {
		t.Run(fl.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(h))
			defer srv.Close()
			c, err := NewClient(WithBaseURL(srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			call := func(code int) (*CreateJobResponse, error) {
				body := &UploadForm{Title: strconv.Itoa(code)}
				if fl.name == "async" {
					return c.Async().CreateJob(context.Background(), body).Wait(context.Background())
				}
				return c.CreateJob(context.Background(), body)
			}
			for code, want := range map[int]string{
				200: `200 &{j200} <nil> []`,
				201: `201 <nil> &{j201} []`,
				202: `202 <nil> <nil> [queued]`,
				203: `203 <nil> <nil> []`,
				204: `204 <nil> <nil> []`,
			} {
				r, err := call(code)
				if err != nil {
					t.Fatalf("%d: %v", code, err)
				}
				if got := fmt.Sprintf("%d %v %v %v", r.Status, r.OK, r.Created, r.Accepted); got != want {
					t.Errorf("%d: got %s, want %s", code, got, want)
				}
			}
		})
	}
}

func TestBehaviourMultipartReaderSentOnce(t *testing.T) {
	var bodies []string
	var n atomic.Int32
	h := failFirst(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, &bodies, &n)
	each(t, h, func(t *testing.T, api API) {
		bodies, n = nil, atomic.Int32{}
		err := api.PostFilesOnly(context.Background(), []File{{Field: "f", Name: "f", Body: onlyReader{strings.NewReader("data")}}})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("err = %v, want the 503 of the only attempt", err)
		}
		if n.Load() != 1 || !strings.Contains(bodies[0], "data") {
			t.Fatalf("%d attempts (bodies %q), want 1 with the file", n.Load(), bodies)
		}
	})
}
