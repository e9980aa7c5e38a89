package ktrdr

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generated JSON codec (codec_gen.go) must decode every response and
// encode every body exactly as encoding/json does. These differential tests
// drive it through the public API, with the KTRDR types, over an in-memory
// transport.

// memTransport answers every request in memory and records the request
// bodies.
type memTransport struct {
	mu     sync.Mutex
	body   []byte // the next response body
	status int
	sent   [][]byte
}

func (m *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var b []byte
	if req.Body != nil {
		b, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, b)
	status := m.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{
		StatusCode:    status,
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       req,
	}, nil
}

func (m *memTransport) respond(body []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.body, m.sent = body, nil
}

func (m *memTransport) lastSent() ([]byte, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.sent) == 0 {
		return nil, 0
	}
	return m.sent[len(m.sent)-1], len(m.sent)
}

// newMemClient returns a client over an in-memory transport that never
// retries.
func newMemClient(t *testing.T) (*Client, *memTransport) {
	t.Helper()
	mt := &memTransport{}
	c := newTestClient(t, "http://ktrdr.test/api/v1", testkit.NewClock(), WithHTTPClient(&http.Client{Transport: mt}), WithMaxRetries(0))
	return c, mt
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
	anyType  = reflect.TypeFor[any]()
)

// jsonGen writes random JSON documents shaped like a Go type, with the
// variations encoding/json accepts or refuses: whitespace, nulls, unknown,
// repeated and case-folded keys, escapes, surrogates, invalid UTF-8,
// numbers that do not fit, values of the wrong type.
type jsonGen struct {
	r *rand.Rand
	b bytes.Buffer
}

func (g *jsonGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *jsonGen) pick(options ...string) {
	g.b.WriteString(options[g.r.IntN(len(options))])
}

func (g *jsonGen) ws() {
	if g.chance(0.15) {
		g.pick(" ", "\n", "\t", "\r\n  ")
	}
}

var (
	genStrings = []string{
		`""`, `"AAPL"`, `"mean_reversion"`, `"é✓ 😀"`, `"\u00e9\ud83d\ude00"`, `"esc \" \\ \/ \b\f\n\r\t"`,
		`"\ud800 lone"`, "\"raw \xff byte\"", `"<tag>&amp;"`, "\"\u2028\u2029\"", `"2026-01-02T03:04:05Z"`,
		`"running"`, `"completed"`, `"training"`, `"momentum"`, `"tail"`, `"gpu_host"`,
	}
	badStrings = []string{"\"ctl \x01\"", `"bad \x escape"`, `"unterminated`}
	genInts    = []string{`0`, `-0`, `7`, `-12`, `100000`, `9223372036854775807`, `-9223372036854775808`}
	badInts    = []string{`9223372036854775808`, `1e2`, `1.0`, `1.5`, `01`, `-`, `1E0`}
	genFloats  = []string{`0`, `-0`, `1.5`, `1e-7`, `1E+300`, `-2.5e-3`, `0.1`, `123456789012345678901234567890`, `5e-324`, `42`}
	badFloats  = []string{`1e400`, `.5`, `1.e5`, `+1`, `NaN`}
	genTimes   = []string{`"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.123456789+05:30"`, `"0001-01-01T00:00:00Z"`, `"2024-02-29T23:59:59.5-08:00"`}
	badTimes   = []string{`"2026-01-02"`, `"not a date"`, `"2026-01-02T03:04:05"`, `"2026-13-02T03:04:05Z"`}
)

// value writes a value for type t; bad allows invalid or ill-typed
// values.
func (g *jsonGen) value(t reflect.Type, depth int, bad bool) {
	g.ws()
	defer g.ws()
	if depth > 6 || (t != anyType && g.chance(0.06)) {
		g.b.WriteString("null")
		return
	}
	if bad && g.chance(0.03) {
		g.pick(`"wrong type"`, `12`, `true`, `{}`, `[]`, `{"a":`, `]`)
		return
	}
	switch {
	case t == timeType:
		if bad && g.chance(0.15) {
			g.pick(badTimes...)
			return
		}
		g.pick(genTimes...)
		return
	case t == rawType || t == anyType:
		g.anyValue(depth + 1)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		g.value(t.Elem(), depth, bad)
	case reflect.String:
		if bad && g.chance(0.05) {
			g.pick(badStrings...)
			return
		}
		g.pick(genStrings...)
	case reflect.Int:
		if bad && g.chance(0.1) {
			g.pick(badInts...)
			return
		}
		g.pick(genInts...)
	case reflect.Float64:
		if bad && g.chance(0.08) {
			g.pick(badFloats...)
			return
		}
		g.pick(genFloats...)
	case reflect.Bool:
		g.pick("true", "false")
	case reflect.Slice:
		g.b.WriteByte('[')
		for i := range g.r.IntN(4) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.value(t.Elem(), depth+1, bad)
		}
		g.b.WriteByte(']')
	case reflect.Map:
		g.b.WriteByte('{')
		keys := []string{`"a"`, `"b"`, `"é"`, `"\u0061"`, `""`, `"<k>"`}
		for i := range g.r.IntN(4) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.ws()
			g.pick(keys...)
			g.ws()
			g.b.WriteByte(':')
			g.value(t.Elem(), depth+1, bad)
		}
		g.b.WriteByte('}')
	case reflect.Struct:
		g.object(t, depth, bad)
	default:
		panic(fmt.Sprintf("jsonGen: kind %v", t.Kind()))
	}
}

// object writes a JSON object for struct type t.
func (g *jsonGen) object(t reflect.Type, depth int, bad bool) {
	g.b.WriteByte('{')
	n := 0
	sep := func() {
		if n > 0 {
			g.b.WriteByte(',')
		}
		n++
		g.ws()
	}
	order := g.r.Perm(t.NumField())
	for _, i := range order {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || g.chance(0.2) {
			continue
		}
		repeat := 1
		if bad && g.chance(0.03) {
			repeat = 2 // a repeated key: the last one wins
		}
		for range repeat {
			sep()
			key := name
			switch {
			case g.chance(0.03):
				key = strings.ToUpper(name) // matched case-insensitively
			case g.chance(0.03):
				key = `\u00` + strconv.FormatInt(int64(name[0]), 16) + name[1:] // an escaped key
			}
			g.b.WriteString(`"` + key + `"`)
			g.ws()
			g.b.WriteByte(':')
			g.value(f.Type, depth+1, bad)
		}
	}
	if g.chance(0.15) {
		sep()
		g.pick(`"unknown_field"`, `"x-extra"`, `"über"`)
		g.b.WriteByte(':')
		g.anyValue(depth + 1)
	}
	g.b.WriteByte('}')
}

// anyValue writes any JSON value.
func (g *jsonGen) anyValue(depth int) {
	if depth > 6 {
		g.b.WriteString(`1`)
		return
	}
	switch g.r.IntN(7) {
	case 0:
		g.pick(genStrings...)
	case 1:
		g.pick(genFloats...)
	case 2:
		g.pick("true", "false", "null")
	case 3:
		g.b.WriteByte('[')
		for i := range g.r.IntN(3) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.ws()
			g.anyValue(depth + 1)
		}
		g.b.WriteByte(']')
	default:
		g.b.WriteByte('{')
		for i := range g.r.IntN(3) {
			if i > 0 {
				g.b.WriteByte(',')
			}
			g.pick(`"a"`, `"b"`, `"loss"`, `"\u0062"`)
			g.b.WriteString(": ")
			g.anyValue(depth + 1)
		}
		g.b.WriteByte('}')
	}
}

// doc returns a new document for t.
func (g *jsonGen) doc(t reflect.Type, bad bool) []byte {
	g.b.Reset()
	g.value(t, 0, bad)
	return bytes.Clone(g.b.Bytes())
}

// TestCodecDecodesEveryResponseAsEncodingJSON serves random documents to
// every endpoint with a response and compares the typed result, or the
// error, with json.Unmarshal into the same type.
func TestCodecDecodesEveryResponseAsEncodingJSON(t *testing.T) {
	m := loadModel(t)
	c, mt := newMemClient(t)
	g := &jsonGen{r: rand.New(rand.NewPCG(1, 2))}
	const docs = 120
	for _, ep := range m.Endpoints {
		if ep.Response == nil {
			continue
		}
		method := reflect.ValueOf(c).MethodByName(ep.GoName)
		out := method.Type().Out(0)
		target := out
		if out.Kind() == reflect.Pointer {
			target = out.Elem()
		}
		call := buildCall(t, ep, method.Type(), false)
		for i := range docs {
			doc := g.doc(target, i%3 == 0)
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			mt.respond(doc)
			res := method.Call(call.args)
			var gotErr error
			if e := res[1].Interface(); e != nil {
				gotErr = e.(error)
			}
			want := reflect.New(target)
			wantErr := json.Unmarshal(doc, want.Interface())
			// The one documented difference: null for a required field that
			// is not nullable is an error of the client, where encoding/json
			// leaves the field zero (docs/catalog.md, nullable).
			var nullErr *jsonNullError
			if wantErr == nil && errors.As(gotErr, &nullErr) {
				continue
			}

			if wantErr != nil {
				var apiErr *APIError
				if !assert.ErrorAs(t, gotErr, &apiErr, "%s: %s\nencoding/json: %v", ep.GoName, doc, wantErr) {
					continue
				}
				msg := "Invalid JSON response from API"
				if json.Valid(doc) {
					msg = "Unexpected JSON response from API: " + wantErr.Error()
				}
				assert.Equal(t, msg, apiErr.Message, "%s: %s", ep.GoName, doc)
				continue
			}
			if !assert.NoError(t, gotErr, "%s: %s", ep.GoName, doc) {
				continue
			}
			got := res[0]
			if out.Kind() == reflect.Pointer {
				if !assert.False(t, got.IsNil(), "%s: %s", ep.GoName, doc) {
					continue
				}
				got = got.Elem()
			}
			assert.True(t, reflect.DeepEqual(want.Elem().Interface(), got.Interface()),
				"%s: %s\nencoding/json: %#v\ncodec:         %#v", ep.GoName, doc, want.Elem().Interface(), got.Interface())
		}
	}
}

// valueGen builds random Go values of the catalog's types, with the values
// json.Marshal treats specially.
type valueGen struct{ r *rand.Rand }

func (g *valueGen) chance(p float64) bool { return g.r.Float64() < p }

var (
	goStrings = []string{"", "AAPL", "<script>&amp;</script>", "\u2028\u2029", "invalid \xff\xfe utf-8", "ctl \x00\x01\x1f\t\n", "é😀", `quote " back \ slash`, "\u007f"}
	goFloats  = []float64{0, math.Copysign(0, -1), 1e-7, 1e-6, 0.1 + 0.2, 123.456, 1e20, 1e21, 5e-324, math.MaxFloat64, -2.5e-3, 42}
	goInts    = []int{0, -1, 7, math.MaxInt64, math.MinInt64}
	goTimes   = []time.Time{
		{},
		time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC),
		time.Date(2024, 2, 29, 23, 59, 59, 500000000, time.FixedZone("IST", 5*3600+1800)),
		time.Date(1999, 12, 31, 0, 0, 0, 0, time.FixedZone("", -8*3600)),
	}
	goRaws = []json.RawMessage{nil, json.RawMessage(`{"a": "<b>",  "c" : [1, 2]}`), json.RawMessage(`"\u2028"`), json.RawMessage(` 12.50 `), json.RawMessage(`null`)}
)

// value returns a random value of type t; bad allows values json.Marshal
// refuses.
func (g *valueGen) value(t reflect.Type, depth int, bad bool) reflect.Value {
	v := reflect.New(t).Elem()
	switch {
	case t == timeType:
		tm := goTimes[g.r.IntN(len(goTimes))]
		if bad && g.chance(0.05) {
			tm = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		v.Set(reflect.ValueOf(tm))
		return v
	case t == rawType:
		raw := goRaws[g.r.IntN(len(goRaws))]
		if bad && g.chance(0.05) {
			raw = json.RawMessage(`{"unterminated": `)
		}
		v.Set(reflect.ValueOf(raw))
		return v
	case t == anyType:
		if x := g.anyValue(depth); depth < 4 && x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return v
	}
	switch t.Kind() {
	case reflect.Pointer:
		if depth < 5 && g.chance(0.6) {
			v.Set(g.value(t.Elem(), depth+1, bad).Addr())
		}
	case reflect.String:
		v.SetString(goStrings[g.r.IntN(len(goStrings))])
	case reflect.Int:
		v.SetInt(int64(goInts[g.r.IntN(len(goInts))]))
	case reflect.Float64:
		f := goFloats[g.r.IntN(len(goFloats))]
		if bad && g.chance(0.03) {
			f = math.NaN()
		}
		v.SetFloat(f)
	case reflect.Bool:
		v.SetBool(g.chance(0.5))
	case reflect.Slice:
		switch {
		case g.chance(0.2):
		case g.chance(0.2) || depth >= 5:
			v.Set(reflect.MakeSlice(t, 0, 0))
		default:
			n := 1 + g.r.IntN(3)
			s := reflect.MakeSlice(t, n, n)
			for i := range n {
				s.Index(i).Set(g.value(t.Elem(), depth+1, bad))
			}
			v.Set(s)
		}
	case reflect.Map:
		switch {
		case g.chance(0.2):
		case g.chance(0.2) || depth >= 5:
			v.Set(reflect.MakeMap(t))
		default:
			mp := reflect.MakeMap(t)
			for range 1 + g.r.IntN(3) {
				mp.SetMapIndex(reflect.ValueOf(goStrings[g.r.IntN(len(goStrings))]), g.value(t.Elem(), depth+1, bad))
			}
			v.Set(mp)
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				v.Field(i).Set(g.value(t.Field(i).Type, depth+1, bad))
			}
		}
	default:
		panic(fmt.Sprintf("valueGen: kind %v", t.Kind()))
	}
	return v
}

func (g *valueGen) anyValue(depth int) any {
	switch g.r.IntN(6) {
	case 0:
		return nil
	case 1:
		return goStrings[g.r.IntN(len(goStrings))]
	case 2:
		return goFloats[g.r.IntN(len(goFloats))]
	case 3:
		return g.chance(0.5)
	case 4:
		return []any{g.anyValue(depth + 1), "x"}
	default:
		return map[string]any{"b": g.anyValue(depth + 1), "a": "<a>"}
	}
}

// catalogStructs collects the package's struct types reachable from the
// API interfaces' signatures.
func catalogStructs() map[string]reflect.Type {
	found := map[string]reflect.Type{}
	pkg := reflect.TypeFor[Client]().PkgPath()
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Array:
			walk(t.Elem())
		case reflect.Struct:
			if t.PkgPath() != pkg || found[t.Name()] != nil || strings.Contains(t.Name(), "[") || t.Name() == "Client" {
				return
			}
			found[t.Name()] = t
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		}
	}
	for _, it := range []reflect.Type{reflect.TypeFor[API](), reflect.TypeFor[AsyncAPI]()} {
		for i := range it.NumMethod() {
			mt := it.Method(i).Type
			for j := range mt.NumIn() {
				walk(mt.In(j))
			}
			for j := range mt.NumOut() {
				out := mt.Out(j)
				if out.Kind() == reflect.Pointer && strings.Contains(out.Elem().Name(), "[") {
					// *Call[R] and *Operation[T]: R and T via Wait.
					if w, ok := out.MethodByName("Wait"); ok {
						walk(w.Type.Out(0))
					}
					continue
				}
				walk(out)
			}
		}
	}
	return found
}

// TestCodecEncodesEveryTypeAsEncodingJSON sends random values of every
// catalog object type as request bodies and compares the bytes on the wire
// with json.Marshal's.
func TestCodecEncodesEveryTypeAsEncodingJSON(t *testing.T) {
	m := loadModel(t)
	types := catalogStructs()
	for _, ty := range m.Types {
		if !ty.IsEnum() {
			assert.Contains(t, types, ty.GoName, "catalog type reachable from the API")
		}
	}
	c, mt := newMemClient(t)
	g := &valueGen{r: rand.New(rand.NewPCG(5, 6))}
	const values = 60
	for name, st := range types {
		for i := range values {
			body := g.value(st, 0, i%4 == 0).Addr()
			want, wantErr := json.Marshal(body.Interface())
			mt.respond([]byte(`{}`))
			_, err := c.Do(context.Background(), "POST", "/echo", nil, body.Interface())
			sent, n := mt.lastSent()
			if wantErr != nil {
				var ce *ClientError
				if assert.ErrorAs(t, err, &ce, "%s: json.Marshal fails (%v) for %#v", name, wantErr, body.Interface()) {
					assert.Equal(t, "POST /echo: cannot encode the request body: "+wantErr.Error(), ce.Message)
					assert.Equal(t, "*ktrdr.ClientError", fmt.Sprintf("%T", err))
				}
				assert.Zero(t, n, "nothing is sent")
				continue
			}
			if assert.NoError(t, err, name) {
				assert.Equal(t, string(want), string(sent), "%s: %#v", name, body.Interface())
			}
		}
	}
	require.NotEmpty(t, types)
}

// The typed methods send their bodies with the same codec.
func TestTypedBodiesAreEncodedAsEncodingJSON(t *testing.T) {
	c, mt := newMemClient(t)
	g := &valueGen{r: rand.New(rand.NewPCG(7, 8))}
	ctx := context.Background()
	for range 40 {
		tr := g.value(reflect.TypeFor[TrainingRequest](), 0, false).Addr().Interface().(*TrainingRequest)
		dl := g.value(reflect.TypeFor[DataLoadRequest](), 0, false).Addr().Interface().(*DataLoadRequest)
		bt := g.value(reflect.TypeFor[BacktestStartRequest](), 0, false).Addr().Interface().(*BacktestStartRequest)
		for _, tc := range []struct {
			body any
			send func() error
		}{
			{tr, func() error { _, err := c.StartTraining(ctx, tr); return err }},
			{dl, func() error { _, err := c.DownloadData(ctx, dl); return err }},
			{bt, func() error { _, err := c.Async().StartBacktest(ctx, bt).Wait(ctx); return err }},
		} {
			mt.respond([]byte(`{"success":true}`))
			require.NoError(t, tc.send())
			want, err := json.Marshal(tc.body)
			require.NoError(t, err)
			sent, _ := mt.lastSent()
			assert.Equal(t, string(want), string(sent))
		}
	}
}
