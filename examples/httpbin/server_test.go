package example

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	gohttpbin "github.com/mccutchen/go-httpbin/v2/httpbin"

	httpbin "github.com/clientgen/clientgen/examples/httpbin/httpbinclient"
)

// server is the real go-httpbin handler behind an httptest server, wrapped to
// count the requests each path receives and to announce arrivals.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int // "METHOD /path" -> count
	arrived  chan string    // "METHOD /path" of each request, when watched
}

func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{requests: map[string]int{}}
	h := gohttpbin.New(gohttpbin.WithMaxDuration(5 * time.Second)).Handler()
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " " + r.URL.Path
		s.mu.Lock()
		s.requests[key]++
		ch := s.arrived
		s.mu.Unlock()
		if ch != nil {
			ch <- key
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// count is how many requests "METHOD /path" received.
func (s *server) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[key]
}

// watch makes every later request announce itself on the returned channel
// before it is handled.
func (s *server) watch() <-chan string {
	ch := make(chan string, 16)
	s.mu.Lock()
	s.arrived = ch
	s.mu.Unlock()
	return ch
}

// attempts counts the attempts of a client from its side (a request
// editor runs once per attempt). Retries do not wait: the clients are built
// with WithRetryDelay(0) and WithRetryJitter(0).
type attempts struct {
	mu sync.Mutex
	n  int
}

func (a *attempts) edit(context.Context, *http.Request) error {
	a.mu.Lock()
	a.n++
	a.mu.Unlock()
	return nil
}

// waits is the number of backoff waits: one between two attempts.
func (a *attempts) waits() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return max(a.n-1, 0)
}

// api is the part of the generated client these tests call. The sync Client
// has these methods; asyncAPI gives the AsyncClient the same shape by
// waiting on each Call, so every scenario runs on both flavours.
type api interface {
	Anything(ctx context.Context, segment string, params *httpbin.AnythingParams, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	BasicAuth(ctx context.Context, user, password string, opts ...httpbin.CallOption) (*httpbin.BasicAuth, error)
	Bearer(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.BearerAuth, error)
	Cache(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.Echo, error)
	Delay(ctx context.Context, seconds float64, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	Delete(ctx context.Context, params *httpbin.DeleteParams, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	DeleteStatus(ctx context.Context, code int, opts ...httpbin.CallOption) error
	Get(ctx context.Context, params *httpbin.GetParams, opts ...httpbin.CallOption) (*httpbin.Echo, error)
	Head(ctx context.Context, opts ...httpbin.CallOption) error
	AnythingPath(ctx context.Context, path string, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	Headers(ctx context.Context, params *httpbin.HeadersParams, opts ...httpbin.CallOption) (*httpbin.Headers, error)
	HtmlAsJSON(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.Echo, error)
	JSON(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.SampleJSON, error)
	Patch(ctx context.Context, body map[string]any, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	Post(ctx context.Context, body *httpbin.Note, opts ...httpbin.CallOption) (*httpbin.NoteEcho, error)
	PostAny(ctx context.Context, body []byte, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	PostRedirectTo(ctx context.Context, body *httpbin.Note, params *httpbin.PostRedirectToParams, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error)
	PostStatus(ctx context.Context, code int, body *httpbin.Note, opts ...httpbin.CallOption) error
	Put(ctx context.Context, body *httpbin.Note, opts ...httpbin.CallOption) (*httpbin.NoteEcho, error)
	PutStatus(ctx context.Context, code int, body *httpbin.Note, opts ...httpbin.CallOption) error
	Redirect(ctx context.Context, n int, params *httpbin.RedirectParams, opts ...httpbin.CallOption) (*httpbin.Echo, error)
	RedirectTo(ctx context.Context, params *httpbin.RedirectToParams, opts ...httpbin.CallOption) (*httpbin.Echo, error)
	ResponseHeaders(ctx context.Context, params *httpbin.ResponseHeadersParams, opts ...httpbin.CallOption) (map[string][]string, error)
	Status(ctx context.Context, code int, opts ...httpbin.CallOption) error
	UUID(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.UUID, error)
	UserAgent(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.UserAgent, error)
	Version(ctx context.Context, opts ...httpbin.CallOption) (*httpbin.Version, error)
	HealthCheck(ctx context.Context) bool
}

// syncAPI adapts the Client's PostAny (json.RawMessage) to the api shape.
type syncAPI struct{ *httpbin.Client }

func (c syncAPI) PostAny(ctx context.Context, body []byte, opts ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return c.Client.PostAny(ctx, body, opts...)
}

// asyncAPI runs each call through the AsyncClient and waits for it with the
// call's own context, as a caller that wants the result at once would.
type asyncAPI struct{ ac *httpbin.AsyncClient }

func wait[T any](ctx context.Context, c *httpbin.Call[T]) (T, error) { return c.Wait(ctx) }

func waitErr(ctx context.Context, c *httpbin.Call[struct{}]) error {
	_, err := c.Wait(ctx)
	return err
}

func (a asyncAPI) Anything(ctx context.Context, segment string, p *httpbin.AnythingParams, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.Anything(ctx, segment, p, o...))
}
func (a asyncAPI) BasicAuth(ctx context.Context, user, password string, o ...httpbin.CallOption) (*httpbin.BasicAuth, error) {
	return wait(ctx, a.ac.BasicAuth(ctx, user, password, o...))
}
func (a asyncAPI) Bearer(ctx context.Context, o ...httpbin.CallOption) (*httpbin.BearerAuth, error) {
	return wait(ctx, a.ac.Bearer(ctx, o...))
}
func (a asyncAPI) Cache(ctx context.Context, o ...httpbin.CallOption) (*httpbin.Echo, error) {
	return wait(ctx, a.ac.Cache(ctx, o...))
}
func (a asyncAPI) Delay(ctx context.Context, s float64, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.Delay(ctx, s, o...))
}
func (a asyncAPI) Delete(ctx context.Context, p *httpbin.DeleteParams, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.Delete(ctx, p, o...))
}
func (a asyncAPI) DeleteStatus(ctx context.Context, code int, o ...httpbin.CallOption) error {
	return waitErr(ctx, a.ac.DeleteStatus(ctx, code, o...))
}
func (a asyncAPI) Get(ctx context.Context, p *httpbin.GetParams, o ...httpbin.CallOption) (*httpbin.Echo, error) {
	return wait(ctx, a.ac.Get(ctx, p, o...))
}
func (a asyncAPI) Head(ctx context.Context, o ...httpbin.CallOption) error {
	return waitErr(ctx, a.ac.Head(ctx, o...))
}
func (a asyncAPI) Headers(ctx context.Context, p *httpbin.HeadersParams, o ...httpbin.CallOption) (*httpbin.Headers, error) {
	return wait(ctx, a.ac.Headers(ctx, p, o...))
}
func (a asyncAPI) HtmlAsJSON(ctx context.Context, o ...httpbin.CallOption) (*httpbin.Echo, error) {
	return wait(ctx, a.ac.HtmlAsJSON(ctx, o...))
}
func (a asyncAPI) JSON(ctx context.Context, o ...httpbin.CallOption) (*httpbin.SampleJSON, error) {
	return wait(ctx, a.ac.JSON(ctx, o...))
}
func (a asyncAPI) Patch(ctx context.Context, b map[string]any, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.Patch(ctx, b, o...))
}
func (a asyncAPI) Post(ctx context.Context, b *httpbin.Note, o ...httpbin.CallOption) (*httpbin.NoteEcho, error) {
	return wait(ctx, a.ac.Post(ctx, b, o...))
}
func (a asyncAPI) PostAny(ctx context.Context, b []byte, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.PostAny(ctx, b, o...))
}
func (a asyncAPI) PostRedirectTo(ctx context.Context, b *httpbin.Note, p *httpbin.PostRedirectToParams, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.PostRedirectTo(ctx, b, p, o...))
}
func (a asyncAPI) PostStatus(ctx context.Context, code int, b *httpbin.Note, o ...httpbin.CallOption) error {
	return waitErr(ctx, a.ac.PostStatus(ctx, code, b, o...))
}
func (a asyncAPI) Put(ctx context.Context, b *httpbin.Note, o ...httpbin.CallOption) (*httpbin.NoteEcho, error) {
	return wait(ctx, a.ac.Put(ctx, b, o...))
}
func (a asyncAPI) PutStatus(ctx context.Context, code int, b *httpbin.Note, o ...httpbin.CallOption) error {
	return waitErr(ctx, a.ac.PutStatus(ctx, code, b, o...))
}
func (a asyncAPI) Redirect(ctx context.Context, n int, p *httpbin.RedirectParams, o ...httpbin.CallOption) (*httpbin.Echo, error) {
	return wait(ctx, a.ac.Redirect(ctx, n, p, o...))
}
func (a asyncAPI) RedirectTo(ctx context.Context, p *httpbin.RedirectToParams, o ...httpbin.CallOption) (*httpbin.Echo, error) {
	return wait(ctx, a.ac.RedirectTo(ctx, p, o...))
}
func (a asyncAPI) ResponseHeaders(ctx context.Context, p *httpbin.ResponseHeadersParams, o ...httpbin.CallOption) (map[string][]string, error) {
	return wait(ctx, a.ac.ResponseHeaders(ctx, p, o...))
}
func (a asyncAPI) Status(ctx context.Context, code int, o ...httpbin.CallOption) error {
	return waitErr(ctx, a.ac.Status(ctx, code, o...))
}
func (a asyncAPI) UUID(ctx context.Context, o ...httpbin.CallOption) (*httpbin.UUID, error) {
	return wait(ctx, a.ac.UUID(ctx, o...))
}
func (a asyncAPI) UserAgent(ctx context.Context, o ...httpbin.CallOption) (*httpbin.UserAgent, error) {
	return wait(ctx, a.ac.UserAgent(ctx, o...))
}
func (a asyncAPI) Version(ctx context.Context, o ...httpbin.CallOption) (*httpbin.Version, error) {
	return wait(ctx, a.ac.Version(ctx, o...))
}
func (a asyncAPI) HealthCheck(ctx context.Context) bool {
	ok, _ := a.ac.HealthCheck(ctx).Wait(ctx)
	return ok
}

// env is what one scenario gets: its own go-httpbin server, a client of one
// flavour pointed at it, and the attempts that client made.
type env struct {
	srv      *server
	c        api
	attempts *attempts
}

// both runs fn once with a sync Client and once with an AsyncClient, each
// against a fresh server, built from the same options (after WithBaseURL,
// the attempt counter and a backoff without waits, so they may override
// them).
func both(t *testing.T, fn func(t *testing.T, e env), opts ...httpbin.Option) {
	t.Helper()
	for _, flavour := range []string{"sync", "async"} {
		t.Run(flavour, func(t *testing.T) {
			e := env{srv: newServer(t), attempts: &attempts{}}
			all := append([]httpbin.Option{
				httpbin.WithBaseURL(e.srv.URL),
				httpbin.WithRequestEditor(e.attempts.edit),
				httpbin.WithRetryDelay(0),
				httpbin.WithRetryJitter(0),
			}, opts...)
			if flavour == "sync" {
				c, err := httpbin.NewClient(all...)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { c.Close() })
				e.c = syncAPI{c}
			} else {
				ac, err := httpbin.NewAsyncClient(all...)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ac.Close() })
				e.c = asyncAPI{ac}
			}
			fn(t, e)
		})
	}
}

func (a asyncAPI) AnythingPath(ctx context.Context, path string, o ...httpbin.CallOption) (*httpbin.BodyEcho, error) {
	return wait(ctx, a.ac.AnythingPath(ctx, path, o...))
}
