package rt

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// File is one file of a multipart/form-data body: the form field it is
// sent under, its file name, its content type (application/octet-stream
// when empty), and its content, read from Body while the request is sent:
// it is never held in memory as a whole. A Body that is also an io.Seeker
// is rewound to where it stood for a retry; any other Body makes the
// request one that is not retried once its first byte was sent.
type File struct {
	Field       string
	Name        string
	ContentType string
	Body        io.Reader
}

// respMode says how a successful response body is returned.
type respMode uint8

const (
	respJSON   respMode = iota // decoded by the generated codec
	respText                   // a string
	respBytes                  // a []byte, bounded by max_response_bytes
	respStream                 // an io.ReadCloser handed to the caller
)

// mediaBody is a request body or a response that is not JSON, built for
// one call by the generated request function. It lives behind a pointer
// so that JSON calls, the common case, carry nothing of it.
type mediaBody struct {
	hasBody     bool // a body is sent: contentType and one of the next
	contentType string
	text        string     // a text or form body: all of it
	reader      io.Reader  // a raw body, streamed; nil: text
	multipart   bool       // form and files, streamed as multipart/form-data
	form        url.Values // multipart fields
	files       []File     // multipart files
	accept      string     // the Accept of a response that is not JSON
	resp        respMode

	// Set by prepare: the header values and the streamed body.
	contentTypeValue, acceptValue []string
	streamed                      *streamedBody
}

// errBodySpent is the error of an attempt that would send again a body
// that cannot be replayed.
var errBodySpent = errors.New("the request body was already sent and cannot be replayed (pass an io.Seeker, such as *bytes.Reader or *os.File, to allow retries)")

// streamedBody is a request body read while it is sent: a raw io.Reader
// or a multipart body. It is replayable when every reader it sends from
// can seek back to where it stood; otherwise it is sent once, and a failed
// attempt is retried only when not a byte of it was read.
type streamedBody struct {
	open       func() (io.ReadCloser, error) // the body of the next attempt
	size       int64                         // -1: unknown (chunked)
	replayable bool
	started    atomic.Bool // a byte of the body was read
	mu         sync.Mutex
	last       *attemptBody // the body of the last attempt
}

// attemptBody is the body of one attempt. Closing it makes its later
// reads fail at once; the next attempt waits for a read still under way
// before it rewinds, so that a transport still reading the body of a
// failed attempt cannot race with the rewind.
type attemptBody struct {
	b        *streamedBody
	mu       sync.Mutex // held during a read
	r        io.ReadCloser
	closed   atomic.Bool
	replaced bool // the next attempt took over the reader; under mu
}

func (a *attemptBody) Read(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed.Load() || a.replaced {
		return 0, errBodySpent
	}
	n, err := a.r.Read(p)
	if n > 0 {
		a.b.started.Store(true)
	}
	return n, err
}

// Close does not wait for a read under way: closing a pipe ends it.
func (a *attemptBody) Close() error {
	if a.closed.Swap(true) {
		return nil
	}
	return a.r.Close()
}

// body returns the body of the next attempt, ending the previous one.
func (b *streamedBody) body() (io.ReadCloser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if prev := b.last; prev != nil {
		_ = prev.Close()
		prev.mu.Lock() // waits for a read under way
		prev.replaced = true
		prev.mu.Unlock()
		if !b.replayable && b.started.Load() {
			return nil, errBodySpent
		}
	}
	r, err := b.open()
	if err != nil {
		return nil, err
	}
	b.last = &attemptBody{b: b, r: r}
	return b.last, nil
}

// spent reports a streamed body that cannot be sent again.
func (m *mediaBody) spent() bool {
	if m == nil || m.streamed == nil {
		return false
	}
	b := m.streamed
	return !b.replayable && b.started.Load()
}

// rewinder returns a function that seeks r back to where it stands now,
// and the number of bytes from there to its end (-1 when unknown), or nil
// when r cannot seek.
func rewinder(r io.Reader) (rewind func() error, size int64) {
	s, ok := r.(io.Seeker)
	if !ok {
		return nil, -1
	}
	start, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, -1
	}
	size = -1
	if end, err := s.Seek(0, io.SeekEnd); err == nil {
		size = end - start
	}
	if _, err := s.Seek(start, io.SeekStart); err != nil {
		return nil, -1
	}
	return func() error { _, err := s.Seek(start, io.SeekStart); return err }, size
}

// setMedia prepares a non-JSON request body: the bytes of a text or form
// body, or the streamed body of a raw or multipart one.
func (x *exchange) setMedia(m *mediaBody) {
	if m.accept != "" {
		m.acceptValue = []string{m.accept}
	}
	if !m.hasBody {
		return
	}
	if m.reader == nil && !m.multipart {
		x.payload = []byte(m.text)
		m.contentTypeValue = []string{m.contentType}
		return
	}
	b := &streamedBody{size: -1}
	if m.reader != nil {
		r := m.reader
		rewind, size := rewinder(r)
		b.replayable, b.size = rewind != nil, size
		first := true
		b.open = func() (io.ReadCloser, error) {
			if !first && rewind != nil {
				if err := rewind(); err != nil {
					return nil, fmt.Errorf("cannot rewind the request body: %w", err)
				}
			}
			first = false
			return io.NopCloser(r), nil
		}
		m.contentTypeValue = []string{m.contentType}
	} else {
		boundary := newBoundary()
		b.replayable, b.open = multipartBody(m, boundary)
		m.contentTypeValue = []string{m.contentType + "; boundary=" + boundary}
	}
	m.streamed = b
}

// newBoundary returns a random multipart boundary, the same for every
// attempt of a call.
func newBoundary() string {
	var buf [24]byte
	_, _ = rand.Read(buf[:]) // never fails
	return hex.EncodeToString(buf[:])
}

// multipartBody returns the opener of a multipart body: each attempt
// writes the fields and then the files through a pipe, from a goroutine,
// so that no file is held in memory. It waits for the writer of the
// previous attempt to stop before rewinding the files.
func multipartBody(m *mediaBody, boundary string) (replayable bool, open func() (io.ReadCloser, error)) {
	rewinds := make([]func() error, len(m.files))
	replayable = true
	for i, f := range m.files {
		if rewinds[i], _ = rewinder(f.Body); rewinds[i] == nil {
			replayable = false
		}
	}
	var prev chan struct{}
	first := true
	open = func() (io.ReadCloser, error) {
		if prev != nil {
			<-prev
		}
		if !first {
			for _, rw := range rewinds {
				if rw != nil {
					if err := rw(); err != nil {
						return nil, fmt.Errorf("cannot rewind a multipart file: %w", err)
					}
				}
			}
		}
		first = false
		pr, pw := io.Pipe()
		done := make(chan struct{})
		prev = done
		go func() {
			defer close(done)
			pw.CloseWithError(writeMultipart(pw, boundary, m.form, m.files))
		}()
		return pr, nil
	}
	return replayable, open
}

// writeMultipart writes a multipart/form-data body: the fields in sorted
// order, then the files in order.
func writeMultipart(w io.Writer, boundary string, form url.Values, files []File) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(boundary); err != nil {
		return err
	}
	for _, k := range sortedKeys(form) {
		for _, v := range form[k] {
			if err := mw.WriteField(k, v); err != nil {
				return err
			}
		}
	}
	for _, f := range files {
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := make(textproto.MIMEHeader, 2)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, quoteEscaper.Replace(f.Field), quoteEscaper.Replace(f.Name)))
		h.Set("Content-Type", ct)
		pw, err := mw.CreatePart(h)
		if err != nil {
			return err
		}
		if f.Body != nil {
			if _, err := io.Copy(pw, f.Body); err != nil {
				return err
			}
		}
	}
	return mw.Close()
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

// sortedKeys returns the keys of v in order.
func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// setStreamedBody gives an attempt's request the streamed body.
func (m *mediaBody) setStreamedBody(r *http.Request) {
	b := m.streamed
	body, err := b.body()
	if err != nil {
		body = io.NopCloser(failingReader{err})
	}
	r.Body, r.ContentLength = body, b.size
	if b.size == 0 && err == nil {
		_ = body.Close()
		r.Body = http.NoBody
	}
	if b.replayable {
		r.GetBody = b.body
	}
}

// failingReader is a body whose first read fails.
type failingReader struct{ err error }

func (e failingReader) Read([]byte) (int, error) { return 0, e.err }

// streamBody is a streamed download handed to the caller: closing it
// closes the response body and releases the contexts of the call.
type streamBody struct {
	rc      io.ReadCloser
	once    sync.Once
	release []func()
}

func (s *streamBody) Read(p []byte) (int, error) { return s.rc.Read(p) }

// Close closes the response body; the connection is not reused when the
// body was not read to its end.
func (s *streamBody) Close() error {
	err := s.rc.Close()
	s.once.Do(func() {
		for _, f := range s.release {
			f()
		}
	})
	return err
}

// release runs cancel when the call ends, or when the caller closes the
// stream it was handed.
func (x *exchange) release(cancel context.CancelFunc) {
	if s := x.resp.stream; s != nil {
		s.release = append(s.release, cancel)
		return
	}
	cancel()
}

// callText executes req and returns the response body as a string.
func callText(ctx context.Context, c *core, req *request, opts []CallOption) (string, error) {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return "", err
	}
	return string(r.body), nil
}

// callBytes executes req and returns the response body, bounded by the
// client's response limit.
func callBytes(ctx context.Context, c *core, req *request, opts []CallOption) ([]byte, error) {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return nil, err
	}
	if r.body == nil {
		return []byte{}, nil
	}
	return r.body, nil
}

// callStream executes req and hands over the response body of the
// successful attempt, unread; the caller reads it and closes it.
func callStream(ctx context.Context, c *core, req *request, opts []CallOption) (io.ReadCloser, error) {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return nil, err
	}
	return r.stream, nil
}

// callStatus executes req and decodes the body of the successful response
// into the value pick returns for its status; pick returns nil for a
// status without a body, whose body is then ignored.
func callStatus(ctx context.Context, c *core, req *request, opts []CallOption, pick func(status int) any) error {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return err
	}
	v := pick(r.status)
	if v == nil {
		return nil
	}
	if isEmptyBody(r) {
		return emptyBodyError(req, r)
	}
	return decodeJSON(c, req, r, v)
}
