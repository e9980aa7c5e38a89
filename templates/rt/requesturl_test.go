package rt

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestURLMatchesParse checks that a request URL built from the
// parsed base URL is the URL url.Parse makes of the concatenated text, and
// that the paths it cannot build are left to url.Parse.
func TestRequestURLMatchesParse(t *testing.T) {
	bases := []string{
		"http://localhost:8000/api/v1",
		"https://user:secret@example.com",
		"http://example.com:8080/a%20b",
		"http://[::1]:9000/x",
		"HTTP://Example.com/p",
	}
	paths := []string{"", "/", "/things", "/things/th-0042", "/a/b.c~d_e", "/x$&+,:;=@y"}
	queries := []url.Values{nil, {}, {"limit": {"10"}, "q": {"a b&c"}}, {"empty": {}}}
	built := 0
	for _, base := range bases {
		c := &core{baseURL: base}
		u, err := url.Parse(base)
		require.NoError(t, err)
		c.base = u
		for _, path := range paths {
			for _, q := range queries {
				raw := base + path
				if len(q) > 0 {
					raw += "?" + q.Encode()
				}
				want, err := url.Parse(raw)
				require.NoError(t, err)
				var got url.URL
				require.True(t, c.requestURL(&got, path, q), raw)
				built++
				assert.Equal(t, *want, got, raw)
				assert.Equal(t, want.String(), got.String(), raw)
			}
		}
	}
	assert.Equal(t, len(bases)*len(paths)*len(queries), built)

	c := &core{baseURL: "http://example.com/api"}
	c.base, _ = url.Parse(c.baseURL)
	for _, path := range []string{"things", "/a%2Fb", "/a b", "/a?b", "/a#b", "/it's", "/é"} {
		var u url.URL
		assert.False(t, c.requestURL(&u, path, nil), path)
		assert.Equal(t, url.URL{}, u, path)
	}
	c.base = nil
	var u url.URL
	assert.False(t, c.requestURL(&u, "/things", nil))
}

// TestNewRequestMatchesStdlib checks that an attempt's request is the one
// http.NewRequestWithContext makes of the same URL text and body.
func TestNewRequestMatchesStdlib(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		raw     string
		payload []byte
	}{
		{"http://example.com/api/things/1?x=1", nil},
		{"http://example.com:/api/things", []byte(`{"a":1}`)},
	} {
		c := &core{userAgent: "ua", jsonValue: []string{"application/json"}, acceptValue: []string{"application/json, application/problem+json"}, userAgentValue: []string{"ua"},
			headers: http.Header{"X-Client": {"c"}}}
		u, err := url.Parse(tc.raw)
		require.NoError(t, err)
		x := &exchange{c: c, u: u, method: http.MethodPost, payload: tc.payload, headers: http.Header{"X-Call": {"k"}}}
		if tc.payload != nil {
			p := tc.payload
			x.getBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(p)), nil }
		}
		got := x.newRequest(ctx)

		var body io.Reader
		if tc.payload != nil {
			body = bytes.NewReader(tc.payload)
		}
		want, err := http.NewRequestWithContext(ctx, http.MethodPost, tc.raw, body)
		require.NoError(t, err)
		want.Header.Set("Accept", "application/json, application/problem+json")
		if tc.payload != nil {
			want.Header.Set("Content-Type", "application/json")
		}
		want.Header.Set("User-Agent", "ua")
		want.Header.Set("X-Client", "c")
		want.Header.Set("X-Call", "k")

		assert.Equal(t, want.Method, got.Method)
		assert.Equal(t, *want.URL, *got.URL)
		assert.Equal(t, want.Host, got.Host)
		assert.Equal(t, want.Proto, got.Proto)
		assert.Equal(t, want.Header, got.Header)
		assert.Equal(t, want.ContentLength, got.ContentLength)
		assert.Equal(t, ctx, got.Context())
		assert.Equal(t, want.GetBody == nil, got.GetBody == nil)
		assert.Equal(t, want.Body == nil, got.Body == nil)
		if tc.payload != nil {
			for range 2 { // the body, then its replay
				b, err := io.ReadAll(got.Body)
				require.NoError(t, err)
				assert.Equal(t, tc.payload, b)
				got.Body, err = got.GetBody()
				require.NoError(t, err)
			}
		}
		assert.Equal(t, tc.raw, u.String(), "the exchange's URL is not modified")
	}
}

// TestReadBody checks the body reader against io.ReadAll of a LimitReader.
func TestReadBody(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 100)
	for _, tc := range []struct {
		n, size, limit int64
	}{
		{0, 0, 10}, {0, -1, 10}, {5, 5, 10}, {5, -1, 10}, {10, 10, 10}, {11, 11, 10},
		{11, -1, 10}, {1000, -1, 2000}, {1000, -1, 600}, {1000, 3, 2000}, {1000, 2000, 2000},
	} {
		want, err := io.ReadAll(io.LimitReader(bytes.NewReader(data[:tc.n]), tc.limit))
		require.NoError(t, err)
		got, over, eof, err := readBody(io.LimitReader(bytes.NewReader(data[:tc.n]), tc.n), tc.size, tc.limit, true)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%+v", tc)
		assert.Equal(t, tc.n > tc.limit, over, "%+v", tc)
		assert.Equal(t, tc.n <= tc.limit, eof, "%+v", tc)

		got, over, _, err = readBody(io.LimitReader(bytes.NewReader(data[:tc.n]), tc.n), tc.size, tc.limit, false)
		require.NoError(t, err)
		assert.Equal(t, tc.n > tc.limit, over, "%+v", tc)
		if over {
			assert.Nil(t, got, "an over-limit body is not kept")
		} else {
			assert.Equal(t, want, got, "%+v", tc)
		}
	}
	_, _, _, err := readBody(io.MultiReader(bytes.NewReader(data[:3]), errReader{}), -1, 100, false)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

// TestReadBodyRefusalAllocatesNearTheLimit measures the bytes allocated to
// refuse a body of unknown length twice the limit: about the limit, not
// the ~4x that doubling an append-grown buffer costs.
func TestReadBodyRefusalAllocatesNearTheLimit(t *testing.T) {
	const limit = 8 << 20
	src := bytes.Repeat([]byte("x"), 2*limit)
	allocated := func(read func()) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		read()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	got := allocated(func() {
		b, over, _, err := readBody(struct{ io.Reader }{bytes.NewReader(src)}, -1, limit, false)
		require.NoError(t, err)
		require.True(t, over)
		require.Nil(t, b)
	})
	assert.Less(t, got, uint64(limit+limit/4), "refusing allocated %d bytes for a limit of %d", got, limit)

	// A body within the limit: the chunks and the joined body, at most 2x.
	got = allocated(func() {
		b, over, eof, err := readBody(struct{ io.Reader }{bytes.NewReader(src[:limit])}, -1, limit, false)
		require.NoError(t, err)
		require.False(t, over)
		require.True(t, eof)
		require.Len(t, b, limit)
	})
	assert.Less(t, got, uint64(2*limit+limit/4), "reading allocated %d bytes for %d", got, limit)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
