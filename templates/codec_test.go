package templates

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// Run `go test ./templates -run TestCodecDifferential -codec.bench` to see
// the fast codec against encoding/json on the petstore Pet type.
var codecBench = flag.Bool("codec.bench", false, "run the codec benchmarks in the rendered petstore module and log them")

// codecFuzzExecs is how many inputs each fuzz target runs in
// TestCodecDifferential. A count, not a duration: go1.26's fuzzing
// coordinator can fail a run whose -fuzztime duration ends while a
// starved worker is mid-input ("context deadline exceeded", no crasher;
// golang/go#75804, fixed in Go 1.27), which a loaded 2-core machine hits.
var codecFuzzExecs = flag.Int("codec.fuzzexecs", 5000, "inputs per generated codec fuzz target; 0 runs the seed corpus only")

// shapesCatalog has a field of every shape the codec must handle: every
// scalar, required and optional; named objects, string and integer enums; containers
// nested in containers; free-form JSON as a field and as elements; a
// recursive type; an object without fields; and names that encoding/json
// treats specially ("-", HTML characters, a Kelvin sign that folds to K).
// Its endpoints send and receive Shapes and Dash, so that they get both
// halves of the codec; Unused is never sent nor received and gets neither.
const shapesCatalog = `
client:
  name: Shapes
  package: shapes
  base_url: http://localhost:1
types:
  Color:
    enum: [red, green, "<b>"]
  Level:
    enum: [1, 2, -1]
  Leaf:
    fields:
      v: {type: integer}
  Bare:
    fields: {}
  Shapes:
    fields:
      s: {type: string, required: true}
      i: {type: integer, required: true}
      n: {type: number, required: true}
      b: {type: boolean, required: true}
      t: {type: date-time, required: true}
      a: {type: any, required: true}
      c: {type: Color, required: true}
      leaf: {type: Leaf, required: true}
      list: {type: "[]Leaf", required: true}
      dict: {type: "map[string]Color", required: true}
      anys: {type: "[]any", required: true}
      opt_a: {type: any}
      grid: {type: "[][]number"}
      index: {type: "map[string][]Leaf"}
      blobs: {type: "[]map[string]any"}
      deep: {type: "map[string]map[string][]date-time"}
      opt_s: {type: string}
      opt_i: {type: integer}
      opt_n: {type: number}
      opt_b: {type: boolean}
      opt_t: {type: date-time}
      opt_c: {type: Color}
      lvl: {type: Level, required: true}
      opt_lvl: {type: Level}
      lvls: {type: "[]Level"}
      lvl_map: {type: "map[string]Level"}
      bare: {type: Bare}
      next: {type: Shapes}
      "-": {type: string, required: true, go_name: Ignored}
      "a<b>&c": {type: string, go_name: HTML}
      "\u212Aelvin": {type: string, go_name: Kelvin}
  Dash:
    fields:
      "-": {type: string, go_name: Dash}
  Unused:
    fields:
      v: {type: integer}
endpoints:
  echo_shapes:
    method: POST
    path: /shapes
    body: Shapes
    response: Shapes
  echo_dash:
    method: POST
    path: /dash
    body: Dash
    response: Dash
  echo_text:
    method: POST
    path: /text
    body: string
  echo_when:
    method: PUT
    path: /when
    body: date-time
    body_required: false
  echo_anys:
    method: POST
    path: /anys
    body: "[]any"
`

func loadCatalog(t *testing.T, yaml string) *spec.Model {
	t.Helper()
	path := filepath.Join(t.TempDir(), "endpoints.yaml")
	require.NoError(t, os.WriteFile(path, []byte(yaml), 0o644))
	m, err := spec.Load(path)
	require.NoError(t, err)
	return m
}

func renderFile(t *testing.T, m *spec.Model, name string) string {
	t.Helper()
	files, err := Render(m)
	require.NoError(t, err)
	for _, f := range files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	t.Fatalf("%s was not rendered", name)
	return ""
}

func TestCodecEmitted(t *testing.T) {
	src := renderFile(t, loadCatalog(t, shapesCatalog), "codec"+Suffix)
	formatted, err := format.Source([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, src, string(formatted), "codec_gen.go is not gofmt-clean")

	for _, want := range []string{
		"func (t *Shapes) decodeJSONFast(r *jsonReader) {\n\t*t = Shapes{}\n",
		"func (t *Shapes) encodeJSONFast(w *jsonWriter) {\n\to := w.objectStart()\n",
		"func (t *Bare) decodeJSONFast(r *jsonReader) {\n\t*t = Bare{}\n\tr.object(nil, nil)\n}",
		"\t\t\tjsonRaw(r, &t.A)\n",
		"\t\t\tjsonSlice(r, &t.Anys, jsonAny)\n",
		"\t\t\tt.Leaf.decodeJSONFast(r.notNull(\"Shapes.leaf\"))\n",
		"\t\t\tjsonString(r.notNull(\"Shapes.s\"), &t.S)\n",
		"\t\t\tjsonPtr(r, &t.Next, jsonStruct[*Shapes])\n",
		"\t\t\tjsonPtr(r, &t.OptC, jsonString[Color])\n",
		"\t\t\tjsonInteger[Level](r.notNull(\"Shapes.lvl\"), &t.Lvl)\n",
		"\t\t\tjsonPtr(r, &t.OptLvl, jsonInteger[Level])\n",
		"\t\t\tjsonMap(r, &t.LvlMap, jsonInteger[Level])\n",
		"\tjsonField(w, `,\"lvl\":`, &t.Lvl, jsonEncInteger[Level])\n",
		"\tjsonOptionalSlice(w, `,\"lvls\":`, t.Lvls, jsonEncInteger[Level])\n",
		"\t\t\tjsonSlice(r, &t.Grid, func(r *jsonReader, v *[]float64) {\n\t\t\t\tjsonSlice(r, v, jsonFloat)\n\t\t\t})\n",
		"\tjsonField(w, `,\"a\":`, &t.A, jsonEncRaw)\n",
		"\tjsonOptionalRaw(w, `,\"opt_a\":`, t.OptA)\n",
		"\tjsonSliceField(w, `,\"list\":`, t.List, jsonEncStruct[*Leaf])\n",
		"\tjsonMapField(w, `,\"dict\":`, t.Dict, jsonEncString[Color])\n",
		"\tjsonOptionalMap(w, `,\"deep\":`, t.Deep, func(w *jsonWriter, v *map[string][]time.Time) {\n",
		"\tjsonOptional(w, `,\"a\\u003cb\\u003e\\u0026c\":`, t.HTML, jsonEncString)\n",
		"\tjsonOptional(w, `,\"\u212aelvin\":`, t.Kelvin, jsonEncString)\n",
		"\tjsonOptional(w, `,\"-\":`, t.Dash, jsonEncString)\n",
		`"a<b>&c", "` + "\u212a" + `elvin"}, func(i int) {`,
	} {
		assert.Contains(t, src, want)
	}
	// The required field named "-" is invisible to encoding/json.
	assert.NotContains(t, src, "Ignored")
	assert.NotContains(t, src, "Color) decodeJSONFast", "enums get no methods")
	assert.NotContains(t, src, "Level) decodeJSONFast", "enums get no methods")
	assert.NotContains(t, src, "Unused", "types never sent nor received get no methods")

	// Thin: one case line and one statement per field each way, plus a
	// fixed frame per type.
	m := loadCatalog(t, shapesCatalog)
	fields, types := 0, 0
	for _, ty := range m.Types {
		if !ty.IsEnum() && ty.GoName != "Unused" {
			types++
			fields += len(codecFields(ty))
		}
	}
	nested := 4 * 2 * 3 // grid, index, blobs, deep: a 3-line literal each way, deep twice
	lines := strings.Count(src, "\n")
	assert.LessOrEqual(t, lines, 3*fields+nested+18*types, "codec_gen.go has %d lines for %d fields of %d types", lines, fields, types)
}

func TestCodecFields(t *testing.T) {
	str := &spec.TypeRef{Kind: spec.KindString}
	ty := &spec.Type{GoName: "T", Fields: []*spec.Field{
		{JSONName: "ok", GoName: "OK", Type: str, Required: true},
		{JSONName: "-", GoName: "Hidden", Type: str, Required: true},
		{JSONName: "-", GoName: "Dash", Type: str},
		{JSONName: `a"b`, GoName: "Quote", Type: str},
		{JSONName: "", GoName: "Empty", Type: str},
		{JSONName: "日本", GoName: "Japan", Type: str},
	}}
	var got []string
	for _, f := range codecFields(ty) {
		got = append(got, f.GoName+"="+f.name)
	}
	// As encoding/json: `json:"-"` hides a field, `json:"-,omitempty"` is
	// named "-", and an invalid tag name gives way to the Go name.
	assert.Equal(t, []string{"OK=ok", "Dash=-", "Quote=Quote", "Empty=Empty", "Japan=日本"}, got)
}

func TestCodecKeyLiteral(t *testing.T) {
	for name, want := range map[string]string{
		"id":      "`,\"id\":`",
		"a<b>&c":  "`,\"a\\u003cb\\u003e\\u0026c\":`",
		"x\u2028": "`,\"x\\u2028\":`",
		"a`b":     `",\"a` + "`" + `b\":"`,
	} {
		var buf bytes.Buffer
		require.NoError(t, jenRender(&buf, keyLiteral(name)))
		assert.Equal(t, want, buf.String(), name)
	}
}

// jenRender renders one piece of code.
func jenRender(w io.Writer, c jen.Code) error {
	return jen.Add(c).Render(w)
}

// codecCase is one input of the differential test; fast says whether the
// fast path must decode it without encoding/json.
type codecCase struct {
	in   string
	fast bool
}

// petCases are petstore Pet inputs. Each is also mutated byte by byte in
// the rendered test (prefixes, deletions, insertions, replacements).
var petCases = []codecCase{
	{`{"id":42,"name":"Rex","kind":"dog","weight":12.5,"vaccinated":true,"born_at":"2020-05-17T08:30:00Z","tags":[{"name":"good"},{"name":"boy"}],"attributes":{"color":"brown","size":"L"},"extra":{"chip":"A1","notes":[1,2.5,null,true]},"owner":{"name":"Ann"}}`, true},
	{`{"id":1,"name":"x"}`, true},
	{`{}`, true},
	{`null`, true},
	{`{"id":null,"name":null,"kind":null,"weight":null,"vaccinated":null,"born_at":null,"tags":null,"attributes":null,"extra":null,"owner":null}`, true},
	{`{"tags":[null,{"name":null},{}],"attributes":{"a":null},"owner":{"name":null}}`, true},
	{`{"id":1,"unknown":{"a":[1,{"b":"\u00e9"}]},"name":"x","more":[true,false,null,-1.5e-3,"s",""]}`, true},
	{`{"id":1,"name":"a\"b\\c\/d\b\f\n\r\t\u00e9\u2028\ud83d\ude00<>&","tags":[{"name":"\u0000"}]}`, true},
	{`{"id":1,"name":"caf\u00E9 \uD834\uDD1E"}`, true},
	{`{"id":1,"name":"\ud800"}`, false},
	{`{"id":1,"name":"\udc00\ud800"}`, false},
	{`{"id":1,"name":"` + "\xff" + `"}`, false},
	{`{"id":1,"name":"` + "\xc3" + `"}`, false},
	{`{"id":1,"name":"ok","extra":"` + "\xff\xfe" + `"}`, true},
	{`{"id":1,"unknown":"` + "\xff" + `"}`, true},
	{`{"id":123456789012345678901234567890,"name":"x"}`, false},
	{`{"id":9223372036854775807,"weight":1.7976931348623157e308}`, true},
	{`{"id":-9223372036854775808,"weight":5e-324}`, true},
	{`{"id":9223372036854775808}`, false},
	{`{"id":1,"weight":1e400}`, false},
	{`{"id":1,"weight":-1e400}`, false},
	{`{"id":1,"weight":1e-400}`, true},
	{`{"id":-0,"weight":-0}`, true},
	{`{"id":0,"weight":-0.0e-0}`, true},
	{`{"weight":0.1,"id":2}`, true},
	{`{"weight":123456789012345678901234567890e-10}`, true},
	{`{"id":1.5}`, false},
	{`{"id":1e3}`, false},
	{`{"id":01}`, false},
	{`{"id":1,"id":2}`, false},
	{`{"owner":{"name":"a"},"owner":{"name":"b"}}`, false},
	{`{"owner":{"name":"a","name":"b"}}`, false},
	{`{"attributes":{"a":"1","a":"2"}}`, true},
	{`{"ID":1,"Name":"x"}`, false},
	{`{"Tags":[]}`, false},
	{`{"BORN_AT":"2020-01-01T00:00:00Z"}`, false},
	{`{"owner":{"NAME":"x"}}`, false},
	{`{"na\u006de":"escaped key","\u0069d":3}`, true},
	{`{"id":1,"extra":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`, true},
	{`{"id":1,"unknown":` + strings.Repeat(`{"a":`, 300) + "0" + strings.Repeat("}", 300) + `}`, true},
	{`{"id":1,"unknown":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, false},
	{`{"id":1,"extra":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, true},
	{"\n\t{ \"id\" : 1 ,\r\n \"name\":\"x\" , \"tags\" : [ { \"name\" : \"t\" } ] , \"extra\" : { \"a\" : [ 1 , 2 ] } }\n ", true},
	{`{"id":1}x`, false},
	{`{"id":1} {}`, false},
	{`{"id":1}]`, false},
	{`{"id":1,}`, false},
	{`{"id":1`, false},
	{``, false},
	{` `, false},
	{`[]`, false},
	{`"x"`, false},
	{`1`, false},
	{`{"id":"1"}`, false},
	{`{"name":1}`, false},
	{`{"kind":1}`, false},
	{`{"kind":"not-a-kind"}`, true},
	{`{"weight":"1"}`, false},
	{`{"vaccinated":"true"}`, false},
	{`{"vaccinated":0}`, false},
	{`{"born_at":1}`, false},
	{`{"born_at":"not a time"}`, false},
	{`{"born_at":"2020-05-17T08:30:00.123456789+05:30"}`, true},
	{`{"born_at":"2020-05-17T08:30:00\u002b05:30"}`, false},
	{`{"born_at":"2020-02-30T00:00:00Z"}`, false},
	{`{"born_at":{}}`, false},
	{`{"tags":{}}`, false},
	{`{"tags":[1]}`, false},
	{`{"tags":[],"attributes":{},"extra":[]}`, true},
	{`{"attributes":[]}`, false},
	{`{"attributes":{"a":1}}`, false},
	{`{"owner":[]}`, false},
	{`{"owner":"x"}`, false},
	{`{"extra":tru}`, false},
}

// adoptionCases are petstore AdoptionStatus inputs.
var adoptionCases = []codecCase{
	{`{"success":true,"data":{"adoption_id":"x","state":"running","percent":50}}`, true},
	{`{"success":null,"data":null}`, true},
	{`{"data":"` + "\xff" + `"}`, true},
	{`{"data": [ 1 , {"a" : "<&>"} ] }`, true},
	{`{"Success":true}`, false},
	{`{"success":true,"success":false}`, false},
	{`{"data":}`, false},
}

// shapesCases are inputs for the Shapes type of shapesCatalog.
var shapesCases = []codecCase{
	{`{"s":"s","i":1,"n":1.5,"b":true,"t":"2024-02-29T12:00:00Z","a":{"x":[1,"<"]},"c":"red","leaf":{"v":1},"list":[{"v":2},{}],"dict":{"k":"green","j":"<b>"},"anys":[1,"a",true,null,{"z":[]},[{}]],"opt_a":"x","grid":[[1,2],[],null],"index":{"a":[{"v":3}],"b":null},"blobs":[{"k":{"n":null}},null],"deep":{"a":{"b":["2024-01-01T00:00:00Z"]}},"opt_s":"o","opt_i":-1,"opt_n":0,"opt_b":false,"opt_t":"2024-01-01T00:00:00+01:00","opt_c":"green","bare":{},"next":{"s":"inner","next":null},"a<b>&c":"html","` + "\u212a" + `elvin":"k"}`, true},
	{`{}`, true},
	{`{"s":null,"i":null,"n":null,"b":null,"t":null,"a":null,"c":null,"leaf":null,"list":null,"dict":null,"anys":null,"opt_a":null,"grid":null,"index":null,"blobs":null,"deep":null,"opt_s":null,"opt_i":null,"opt_n":null,"opt_b":null,"opt_t":null,"opt_c":null,"bare":null,"next":null}`, true},
	{`{"list":[],"dict":{},"anys":[],"grid":[[]],"index":{},"blobs":[],"deep":{"a":{}}}`, true},
	{`{"-":"ignored","Ignored":"also"}`, true},
	{`{"kelvin":"folds"}`, false},
	{`{"A<B>&C":"folds"}`, false},
	{`{"bare":{"anything":1}}`, true},
	{`{"bare":[]}`, false},
	{`{"anys":[1e400]}`, false},
	{`{"anys":["\ud800"]}`, false},
	{`{"blobs":[{"a":1,"a":2}]}`, true},
	{`{"deep":{"a":{"b":["yesterday"]}}}`, false},
	{`{"next":{"next":{"next":{"s":"deep","c":"<b>"}}}}`, true},
	{`{"dict":{"k":1}}`, false},
	{`{"index":{"a":[{"v":1.5}]}}`, false},
	{`{"lvl":2,"opt_lvl":-1,"lvls":[1,7,-9223372036854775808,null],"lvl_map":{"a":9223372036854775807,"b":null}}`, true},
	{`{"lvl":-0,"opt_lvl":null,"lvls":[],"lvl_map":{}}`, true},
	{`{"lvl":1.0}`, false},
	{`{"lvl":1e0}`, false},
	{`{"lvl":"1"}`, false},
	{`{"lvl":true}`, false},
	{`{"opt_lvl":01}`, false},
	{`{"lvls":[1,-]}`, false},
	{`{"lvl_map":{"a":-9223372036854775809}}`, false},
	{`{"lvls":[9223372036854775808]}`, false},
}

// dashCases are inputs for the Dash type of shapesCatalog.
var dashCases = []codecCase{
	{`{"-":"x"}`, true},
	{`{"Dash":"x"}`, true},
	{`{"-":1}`, false},
}

// formatsCases are inputs for the Formats type of testdata/shapes2.
var formatsCases = []codecCase{
	{`{"i32":2147483647,"i64":-9223372036854775808,"f32":1.5,"f64":0.1,"day":"2024-02-29","id":"0b0e5a5e-7c4b-4c1e-9c39-4f1f0ad0d0e1","link":"https://x/y?z","blob":"aGk=","opt_i32":-1,"opt_i64":0,"opt_f32":1e-7,"opt_day":"0001-01-01","opt_blob":"","days":["2024-01-01",null],"blobs":{"a":"","b":null}}`, true},
	{`{"i32":2147483648}`, false},
	{`{"i32":-2147483649}`, false},
	{`{"i64":9223372036854775808}`, false},
	{`{"f32":3.5e38}`, false},
	{`{"f32":1e-46}`, true},
	{`{"f32":0.1}`, true},
	{`{"day":"2024-02-30"}`, false},
	{`{"day":"2024-2-3"}`, false},
	{`{"day":"2024-02-03T00:00:00Z"}`, false},
	{`{"day":20240203}`, false},
	{`{"opt_day":null,"days":null}`, true},
	{`{"blob":"aGk"}`, false},
	{`{"blob":"a\u0047k="}`, true},
	{`{"blob":"aG\nk="}`, true},
	{`{"blob":[104,105]}`, false},
	{`{"blob":"!!"}`, false},
	{`{"code":404,"codes":[200,-1,2147483647,-2147483648,null]}`, true},
	{`{"code":2147483648}`, false},
	{`{"codes":[-2147483649]}`, false},
	{`{"codes":[1.5]}`, false},
	{`{"codes":{}}`, false},
}

// patchCases are inputs for the PetPatch type of testdata/shapes2.
var patchCases = []codecCase{
	{`{"name":"Rex","age":3,"owner":{"name":"ann","tags":{"a":"b"}},"tags":["x"],"labels":{"k":"v"},"born":"2020-01-01","kind":"asc","note":"n","id":"1"}`, true},
	{`{"name":null,"age":null,"owner":null,"tags":null,"labels":null,"born":null,"kind":null,"note":null,"id":"1"}`, true},
	{`{}`, true},
	{`{"id":null}`, true},
	{`{"owner":{"name":null}}`, true},
	{`{"tags":[]}`, true},
	{`{"age":1.5}`, false},
	{`{"age":"1"}`, false},
	{`{"born":"nope"}`, false},
	{`{"owner":[]}`, false},
	{`{"NAME":null}`, false},
	{`{"name":nul}`, false},
	{`{"code":404}`, true},
	{`{"code":null}`, true},
	{`{"code":"404"}`, false},
}

// drawingCases are inputs for the Drawing type of testdata/shapes2.
var drawingCases = []codecCase{
	{`{"main":{"kind":"circle","radius":1.5},"extra":{"side":2,"kind":"<sq>","<b>":"x"},"shapes":[{"kind":"circle","radius":0},null,{"kind":"\u003csq\u003e"}],"limit":1.5,"limits":{"a":"x","b":{"radius":1},"c":null},"fill":{"kind":"circle","radius":2}}`, true},
	{`{"main":{"kind":"circle","radius":1},"fill":null,"extra":null,"limit":null}`, true},
	{`{"main":{"radius":1}}`, false},
	{`{"main":{"kind":"triangle","radius":1}}`, false},
	{`{"main":{"kind":1,"radius":1}}`, false},
	{`{"main":{"kind":null,"radius":1}}`, false},
	{`{"main":{"kind":"circle","kind":"circle","radius":1}}`, false},
	{`{"main":{"KIND":"circle","radius":1}}`, false},
	{`{"main":{"kind":"circle","radius":"1"}}`, false},
	{`{"main":{"kind":"circle"}}`, true},
	{`{"main":{"kind":"circle","radius":null}}`, true},
	{`{"main":[]}`, false},
	{`{"main":"circle"}`, false},
	{`{"main":{}}`, false},
	{`{"main":null}`, true},
	{`{"limit":[1, 2 ]}`, true},
	{`{"limit":tru}`, false},
}

// aliasesCases are inputs for the Aliases type of testdata/shapes2.
var aliasesCases = []codecCase{
	{`{"labels":{"a":"b"},"names":["x"],"count":9007199254740993,"label":"l","blob":{"k":[1]},"when":"2024-01-01T00:00:00Z","day":"2024-01-01","bytes":"AQ==","grid":[[1,2],[]],"opt_labels":{},"opt_names":[],"opt_count":-1,"opt_label":"","opt_blob":null,"opt_when":null,"opt_day":"2000-02-29","opt_bytes":"","list":[1],"dict":{"a":"x","b":null},"sets":[{"a":"1"},null]}`, true},
	{`{"labels":null,"names":null,"blob":null,"grid":null,"bytes":null}`, true},
	{`{"labels":{"a":1}}`, false},
	{`{"names":"x"}`, false},
	{`{"count":1.5}`, false},
	{`{"label":1}`, false},
	{`{"grid":[[1.5]]}`, false},
	{`{"list":[9223372036854775808]}`, false},
	{`{"labels":{"a":"1","a":"2"}}`, true},
}

// codecHarness is the generic half of the rendered differential test.
const codecHarness = `
import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var _ = math.NaN
var _ = time.Now
var _ = context.Background
var _ = http.MethodGet
var _ = httptest.NewServer
var _ atomic.Int64

// codec is a catalog object type; it has the decodeJSONFast and
// encodeJSONFast methods only where the client decodes or encodes it.
type codec[T any] interface {
	*T
}

// fastDecode decodes in into v with v's decodeJSONFast method and reports
// whether that succeeded; false when v has none.
func fastDecode(v any, in []byte) bool {
	d, ok := v.(jsonFastDecoder)
	if !ok {
		return false
	}
	r := &jsonReader{data: in}
	d.decodeJSONFast(r)
	return r.end()
}

// diffDecode decodes in with jsonUnmarshal and with json.Unmarshal and
// fails unless they agree: the same error text or none, deeply equal
// values. When both succeed it compares the encodings. It reports whether
// the fast path alone decoded in.
func diffDecode[T any, P codec[T]](t *testing.T, in []byte) bool {
	t.Helper()
	var fast, slow T
	errFast := jsonUnmarshal(in, P(&fast))
	errSlow := json.Unmarshal(in, &slow)
	// The one documented difference: null for a required field that is not
	// nullable is an error of the generated codec, where encoding/json
	// leaves the field zero. The values decoded are the same.
	var nullErr *jsonNullError
	if errors.As(errFast, &nullErr) && errSlow == nil {
		errFast = nil
	}
	if (errFast == nil) != (errSlow == nil) || errFast != nil && errFast.Error() != errSlow.Error() {
		t.Fatalf("input %q:\nfast error          %v\nencoding/json error %v", in, errFast, errSlow)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("input %q:\nfast          %#v\nencoding/json %#v", in, fast, slow)
	}
	if errSlow == nil {
		diffEncode[T, P](t, &slow)
	}
	var v T
	return fastDecode(P(&v), in)
}

// diffEncode compares jsonMarshal with json.Marshal on v, and checks the
// round trip: the output decodes on the fast path, and after one round
// (which compacts raw JSON and unescapes \ufffd) encoding is stable.
func diffEncode[T any, P codec[T]](t *testing.T, v *T) {
	t.Helper()
	fast, errFast := jsonMarshal(P(v))
	slow, errSlow := json.Marshal(v)
	if errSlow != nil {
		if errFast == nil || errFast.Error() != errSlow.Error() {
			t.Fatalf("%#v:\nfast error          %v\nencoding/json error %v", v, errFast, errSlow)
		}
		return
	}
	if errFast != nil || string(fast) != string(slow) {
		t.Fatalf("%#v:\nfast          %s (%v)\nencoding/json %s", v, fast, errFast, slow)
	}
	var back, back2 T
	if _, ok := any(P(&back)).(jsonFastDecoder); ok && !fastDecode(P(&back), fast) {
		t.Fatalf("the fast path refuses its own output %s", fast)
	}
	if err := json.Unmarshal(fast, &back); err != nil {
		t.Fatalf("encoding/json refuses the output %s: %v", fast, err)
	}
	again, err := jsonMarshal(P(&back))
	slowAgain, _ := json.Marshal(&back)
	if err != nil || string(again) != string(slowAgain) {
		t.Fatalf("round trip of %s:\nfast          %s (%v)\nencoding/json %s", fast, again, err, slowAgain)
	}
	if err := jsonUnmarshal(again, P(&back2)); err != nil || !reflect.DeepEqual(back, back2) {
		t.Fatalf("round trip of %s is not stable: %v", again, err)
	}
}

// mutations returns doc and its variants: every prefix, every byte
// deleted, a character that matters to JSON inserted before and put in
// place of every byte, and whitespace added around the punctuation. quick
// tries fewer characters. In documents longer than 400 bytes only 400
// positions, evenly spread, are mutated; beyond 4000 bytes none are.
func mutations(doc string, quick bool) []string {
	out := []string{doc}
	if len(doc) > 4000 {
		return out
	}
	step := max(1, len(doc)/400)
	chars := []string{"\"", "\\", "{", "}", "[", "]", ",", ":", " ", "0", "9", "-", "+", "e", ".", "n", "t", "u", "\xff", "\u212a", "A"}
	if quick {
		chars = []string{"\"", "}", ",", "0", "A"}
	}
	for i := 0; i < len(doc); i += step {
		out = append(out, doc[:i], doc[:i]+doc[i+1:])
		for _, c := range chars {
			out = append(out, doc[:i]+c+doc[i+1:], doc[:i]+c+doc[i:])
		}
	}
	spaced := strings.NewReplacer("{", " {\n", "}", "\t} ", "[", "[ ", "]", "\r\n]", ",", " , ", ":", " :\t").Replace(doc)
	return append(out, spaced)
}

// codecCase is one input; fast says whether the fast path must decode it
// without encoding/json.
type codecCase struct {
	in   string
	fast bool
}

// diffCases runs diffDecode on every case and its mutations.
func diffCases[T any, P codec[T]](t *testing.T, cases []codecCase) {
	diffMutated[T, P](t, cases, false)
}

// diffMutated runs diffDecode on every case and its mutations.
func diffMutated[T any, P codec[T]](t *testing.T, cases []codecCase, quick bool) {
	handled, total := 0, 0
	for _, c := range cases {
		if got := diffDecode[T, P](t, []byte(c.in)); got != c.fast {
			t.Errorf("fast path on %.200q: got %v, want %v", c.in, got, c.fast)
		}
		for _, in := range mutations(c.in, quick)[1:] {
			total++
			if diffDecode[T, P](t, []byte(in)) {
				handled++
			}
		}
	}
	t.Logf("%d mutated inputs agree with encoding/json; the fast path decoded %d of them", total, handled)
}
`

// petstoreDiff is the petstore half of the rendered differential test.
const petstoreDiff = `
func TestDiffPet(t *testing.T)            { diffCases[Pet](t, petCases) }
func TestDiffAdoptionStatus(t *testing.T) { diffCases[AdoptionStatus](t, adoptionCases) }

func TestDiffPetEncode(t *testing.T) {
	kind := PetKind("<in-between>")
	weight, negZero, nan, inf := 0.0, math.Copysign(0, -1), math.NaN(), math.Inf(-1)
	yes := false
	born := time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.FixedZone("", -(3*3600 + 30*60)))
	late := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	badZone := time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))
	values := []Pet{
		{},
		{ID: -1, Name: "a\u2028b\u2029<>&\"\\\x00\x1f\x7f\xff\xfe é😀", Kind: &kind, Weight: &weight, Vaccinated: &yes, BornAt: &born,
			Tags: []Tag{{Name: "x"}, {}}, Attributes: map[string]string{"z": "1", "a": "<", "\xff": "", "é": "\u2028"},
			Extra: json.RawMessage(" { \"a\" : [ 1 , \"<&>\u2028\xff\" ] } "), Owner: &Owner{}},
		{Weight: &negZero, Tags: []Tag{}, Attributes: map[string]string{}, Extra: json.RawMessage{}},
		{Extra: json.RawMessage("null")},
		{Extra: json.RawMessage("not json")},
		{Extra: json.RawMessage("{} {}")},
		{Weight: &nan},
		{Weight: &inf},
		{BornAt: &late},
		{BornAt: &badZone},
		{BornAt: &time.Time{}},
	}
	for _, w := range []float64{1e20, 1e21, 1e-6, 1e-7, 123456789e-30, 0.1, 1.0 / 3, 1.5e300, 5e-324, math.MaxFloat64} {
		values = append(values, Pet{Weight: &w})
	}
	for i := range values {
		diffEncode[Pet](t, &values[i])
	}
	var nilPet *Pet
	fast, err := jsonMarshal(nilPet)
	if err != nil || string(fast) != "null" {
		t.Fatalf("nil *Pet: %s, %v", fast, err)
	}
}

func TestDiffRequestBodies(t *testing.T) {
	for _, v := range []any{
		&NewPet{Name: "Rex", Kind: PetKindDog},
		map[string]string{"b": "2", "a": "<1>"},
		map[string]string(nil),
		json.RawMessage(" [ 1 ] "),
		json.RawMessage("["),
	} {
		fast, errFast := jsonMarshal(v)
		slow, errSlow := json.Marshal(v)
		if string(fast) != string(slow) || (errFast == nil) != (errSlow == nil) {
			t.Fatalf("%#v: fast %s (%v), encoding/json %s (%v)", v, fast, errFast, slow, errSlow)
		}
	}
}

func FuzzPet(f *testing.F) {
	for _, c := range petCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[Pet](t, in) })
}

func FuzzAdoptionStatus(f *testing.F) {
	for _, c := range adoptionCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[AdoptionStatus](t, in) })
}

func BenchmarkPetDecode(b *testing.B) {
	in := []byte(petCases[0].in)
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var p Pet
			if err := jsonUnmarshal(in, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var p Pet
			if err := json.Unmarshal(in, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkPetEncode(b *testing.B) {
	var p Pet
	if err := json.Unmarshal([]byte(petCases[0].in), &p); err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := jsonMarshal(&p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
`

// shapesDiff is the shapesCatalog half of the rendered differential test.
const shapesDiff = `
func TestDiffShapes(t *testing.T) { diffCases[Shapes](t, shapesCases) }
func TestDiffDash(t *testing.T)   { diffCases[Dash](t, dashCases) }

func TestDiffShapesEncode(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	red, lvl := ColorRed, Level(7)
	values := []Shapes{
		{},
		{S: "<s>", I: 3, N: -0.5, B: true, T: at, A: json.RawMessage("[ 1 ]"), C: "<b>", List: []Leaf{{}, {V: new(int)}}, Dict: map[string]Color{"b": "x", "a": ColorGreen},
			Anys: []any{nil, "s", 1.5, true, 7, int8(8), map[string]any{"b": nil, "a": []any{}}, []any(nil), json.Number("12"), json.RawMessage(" {} "), []string{"x"}, struct{ A int }{1}},
			Grid: [][]float64{nil, {}, {1e21}}, Index: map[string][]Leaf{"k": nil, "j": {}}, Blobs: []map[string]any{nil, {}, {"x": "<"}},
			Deep: map[string]map[string][]time.Time{"a": nil, "b": {"c": {at}, "d": nil}}, OptC: &red, Bare: &Bare{}, Next: &Shapes{S: "next"},
			Ignored: "never written", HTML: new(string), Kelvin: new(string),
			Lvl: LevelMinus1, OptLvl: &lvl, Lvls: []Level{Level1, 0, math.MinInt64}, LvlMap: map[string]Level{"b": math.MaxInt64, "a": Level2}},
		{Lvls: []Level{}, LvlMap: map[string]Level{}},
		{A: json.RawMessage{}},
		{A: json.RawMessage("nope")},
		{Anys: []any{math.Inf(1)}},
		{Anys: []any{json.Number("nope")}},
		{Blobs: []map[string]any{{"f": func() {}}}},
		{Grid: [][]float64{{math.NaN()}}},
		{Deep: map[string]map[string][]time.Time{"a": {"b": {time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}}},
		{Next: &Shapes{N: math.NaN()}},
	}
	for i := range values {
		diffEncode[Shapes](t, &values[i])
	}
}

// A request body that contains itself gets encoding/json's error, with
// both flavours, and nothing is sent; before, the encoder recursed until
// the process died of a stack overflow.
func TestDiffCyclicBodyIsRefusedUnsent(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	defer srv.Close()
	noEnv := func(string) (string, bool) { return "", false }
	c, err := NewClient(WithBaseURL(srv.URL), withLookupEnv(noEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	bodies := map[string]func() *Shapes{
		"pointer": func() *Shapes {
			s := &Shapes{}
			s.Next = s
			return s
		},
		"pointer through two": func() *Shapes {
			a, b := &Shapes{}, &Shapes{}
			a.Next, b.Next = b, a
			return a
		},
		"[]any": func() *Shapes {
			s := &Shapes{Anys: make([]any, 1)}
			s.Anys[0] = s.Anys
			return s
		},
		"map[string]any": func() *Shapes {
			m := map[string]any{}
			m["self"] = m
			return &Shapes{Blobs: []map[string]any{m}}
		},
		"the body in an any": func() *Shapes {
			s := &Shapes{}
			s.Anys = []any{s}
			return s
		},
	}
	ctx := context.Background()
	for name, body := range bodies {
		diffEncode[Shapes](t, body())
		_, err := c.EchoShapes(ctx, body())
		if err == nil || !strings.Contains(err.Error(), "echo_shapes: cannot encode the request body") || !strings.Contains(err.Error(), "encountered a cycle") {
			t.Errorf("%s: sync: %v", name, err)
		}
		_, asyncErr := c.Async().EchoShapes(ctx, body()).Wait(ctx)
		if asyncErr == nil || err == nil || asyncErr.Error() != err.Error() {
			t.Errorf("%s: async: %v, sync: %v", name, asyncErr, err)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestBehaviourEnumKnown(t *testing.T) {
	if !ColorRed.Known() || !Color("<b>").Known() || Color("blue").Known() || Color("").Known() {
		t.Fatal("Known does not tell the listed values from the others")
	}
	if got := ColorValues(); !reflect.DeepEqual(got, []Color{ColorRed, ColorGreen, "<b>"}) {
		t.Fatalf("ColorValues() = %v", got)
	}
	var s Shapes
	if err := jsonUnmarshal([]byte("{\"c\":\"blue\"}"), &s); err != nil || s.C != "blue" || s.C.Known() {
		t.Fatalf("an unknown value must decode and say it is unknown: %v, %q", err, s.C)
	}
}

func TestBehaviourIntEnumKnown(t *testing.T) {
	if !Level1.Known() || !LevelMinus1.Known() || Level(0).Known() || Level(3).Known() {
		t.Fatal("Known does not tell the listed values from the others")
	}
	if got := LevelValues(); !reflect.DeepEqual(got, []Level{Level1, Level2, LevelMinus1}) || LevelMinus1 != -1 {
		t.Fatalf("LevelValues() = %v", got)
	}
	var s Shapes
	if err := jsonUnmarshal([]byte("{\"lvl\":42}"), &s); err != nil || s.Lvl != 42 || s.Lvl.Known() {
		t.Fatalf("an unknown value must decode and say it is unknown: %v, %d", err, s.Lvl)
	}
}

func FuzzShapes(f *testing.F) {
	for _, c := range shapesCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[Shapes](t, in) })
}
`

// shapes2Diff is the testdata/shapes2 half of the rendered differential
// test.
const shapes2Diff = `
func TestDiffFormats(t *testing.T) { diffCases[Formats](t, formatsCases) }

func TestDiffFormatsEncode(t *testing.T) {
	i32, i64, f32, code := int32(-5), int64(1)<<60, float32(1e21), CodeNotFound
	small, nan := float32(1e-7), float32(math.NaN())
	day := CivilDate{2024, time.February, 29}
	values := []Formats{
		{I32: math.MaxInt32, I64: math.MinInt64, F32: 0.1, F64: 0.1, Day: day, ID: "id", Link: "http://x/<y>", Blob: []byte("hi<>"),
			OptI32: &i32, OptI64: &i64, OptF32: &f32, OptDay: &day, OptBlob: []byte{0}, Days: []CivilDate{day}, Blobs: map[string][]byte{"a": nil, "b": {}},
			Code: &code, Codes: []Code{CodeOK, CodeMinus1, math.MaxInt32, math.MinInt32}},
		{Day: day, Blob: []byte{}, OptF32: &small},
		{Day: day, OptF32: &nan},
		{},
		{Day: CivilDate{2023, time.February, 29}},
		{Day: CivilDate{10000, time.January, 1}},
	}
	for i := range values {
		diffEncode[Formats](t, &values[i])
	}
}

func TestDiffPetPatch(t *testing.T) { diffCases[PetPatch](t, patchCases) }

func TestDiffPetPatchEncode(t *testing.T) {
	values := []PetPatch{
		{},
		{Name: NullableValue("<Rex>"), Age: NullableNull[int32](), Owner: NullableValue(Named{Name: "ann"}), Tags: NullableValue([]string(nil)),
			Labels: NullableValue(LabelSet{"a": "b"}), Born: NullableValue(CivilDate{2020, 1, 1}), Kind: NullableValue(OrderAsc), Note: NullableNull[string](), ID: "x"},
		{Tags: NullableNull[[]string](), Note: NullableValue(""), Code: NullableValue(CodeOK)},
		{Code: NullableNull[Code]()},
		{Born: NullableValue(CivilDate{})},
	}
	for i := range values {
		diffEncode[PetPatch](t, &values[i])
	}
}

// TestBehaviourNullable: the three states, through the generated codec
// and through encoding/json alike.
func TestBehaviourNullable(t *testing.T) {
	for _, decode := range []func([]byte, any) error{jsonUnmarshal, json.Unmarshal} {
		var p PetPatch
		if err := decode([]byte("{\"name\":null,\"age\":3,\"id\":\"x\",\"note\":null}"), &p); err != nil {
			t.Fatal(err)
		}
		if !p.Name.IsNull() || p.Name.IsZero() || !p.Name.IsSet() {
			t.Fatalf("name: want null, got %#v", p.Name)
		}
		if age, ok := p.Age.Get(); !ok || age != 3 {
			t.Fatalf("age: want 3, got %#v", p.Age)
		}
		if p.Owner.IsSet() || p.Owner.IsNull() {
			t.Fatalf("owner: want unset, got %#v", p.Owner)
		}
		p.Age.Unset()
		p.Tags.SetNull()
		p.Kind.Set(OrderDesc)
		for _, encode := range []func(any) ([]byte, error){jsonMarshal, json.Marshal} {
			out, err := encode(&p)
			if err != nil || string(out) != "{\"name\":null,\"tags\":null,\"kind\":\"desc\",\"note\":null,\"id\":\"x\"}" {
				t.Fatalf("encoded %s, %v", out, err)
			}
		}
	}
}

// TestBehaviourRequiredNull: null for a required, non-nullable field is an
// error of the generated codec that names the field; encoding/json leaves
// the field empty.
func TestBehaviourRequiredNull(t *testing.T) {
	var p PetPatch
	err := jsonUnmarshal([]byte("{\"id\":null}"), &p)
	var nullErr *jsonNullError
	if !errors.As(err, &nullErr) || nullErr.Field != "PetPatch.id" || !strings.Contains(err.Error(), "PetPatch.id is required and not nullable") {
		t.Fatalf("got %v", err)
	}
	if err := json.Unmarshal([]byte("{\"id\":null}"), &p); err != nil {
		t.Fatal(err)
	}
	var d Dog
	if err := jsonUnmarshal([]byte("{\"name\":\"x\",\"created\":null,\"bark\":true}"), &d); err == nil || !strings.Contains(err.Error(), "Dog.created") {
		t.Fatalf("got %v", err)
	}
}

func FuzzDrawing(f *testing.F) {
	for _, c := range drawingCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[Drawing](t, in) })
}

func FuzzPetPatch(f *testing.F) {
	for _, c := range patchCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[PetPatch](t, in) })
}

func TestDiffDrawing(t *testing.T) { diffCases[Drawing](t, drawingCases) }

func TestDiffDrawingEncode(t *testing.T) {
	var limit Threshold
	if err := limit.FromCircle(Circle{Radius: 2}); err != nil {
		t.Fatal(err)
	}
	values := []Drawing{
		{},
		{Main: Shape{Value: Circle{Radius: 1}}, Extra: &Shape{Value: Square{B: ptr("<x>")}}, Shapes: []Shape{{}, {Value: Square{}}},
			Limit: &limit, Limits: map[string]Threshold{"a": {}}, Fill: NullableValue(Shape{Value: Circle{}})},
		{Main: Shape{Value: Circle{Radius: math.NaN()}}},
		{Main: Shape{Value: badShape{}}},
		{Fill: NullableNull[Shape]()},
	}
	for i := range values {
		diffEncode[Drawing](t, &values[i])
	}
}

func ptr[T any](v T) *T { return &v }

type badShape struct{}

func (badShape) isShapeValue() {}

// TestBehaviourUnions: a tagged union decodes to the member its
// discriminator names, writes it back, and refuses a value it does not
// map; a union without one keeps the JSON for its typed accessors.
func TestBehaviourUnions(t *testing.T) {
	for _, decode := range []func([]byte, any) error{jsonUnmarshal, json.Unmarshal} {
		var d Drawing
		if err := decode([]byte("{\"main\":{\"kind\":\"<sq>\",\"side\":2},\"limit\":\"high\"}"), &d); err != nil {
			t.Fatal(err)
		}
		sq, ok := d.Main.Value.(Square)
		if !ok || sq.Side == nil || *sq.Side != 2 {
			t.Fatalf("main: %#v", d.Main.Value)
		}
		if s, err := d.Limit.AsString(); err != nil || s != "high" {
			t.Fatalf("limit as string: %q, %v", s, err)
		}
		if _, err := d.Limit.AsDouble(); err == nil {
			t.Fatal("a string decodes as a double")
		}
		err := decode([]byte("{\"main\":{\"kind\":\"triangle\"}}"), &d)
		if err == nil || !strings.Contains(err.Error(), "unknown kind \"triangle\" of Shape (want circle, <sq>)") {
			t.Fatalf("unknown kind: %v", err)
		}
	}
	out, err := jsonMarshal(&Drawing{Main: Shape{Value: Circle{Radius: 1}}})
	if err != nil || string(out) != "{\"main\":{\"kind\":\"circle\",\"radius\":1}}" {
		t.Fatalf("%s, %v", out, err)
	}
}

func TestDiffAliases(t *testing.T) { diffCases[Aliases](t, aliasesCases) }

func TestDiffAliasesEncode(t *testing.T) {
	c, l := Count(3), Label("<l>")
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	day := Day{2024, time.March, 1}
	values := []Aliases{
		{Labels: LabelSet{"b": "1", "a": "<"}, Names: Names{"x"}, Count: 1, Label: "x", Blob: Blob(" [ 1 ] "), When: at, Day: day, Bytes: Bytes("hi"), Grid: Grid{{1}, nil},
			OptLabels: LabelSet{"k": "v"}, OptNames: Names{}, OptCount: &c, OptLabel: &l, OptBlob: Blob("{}"), OptWhen: &at, OptDay: &day, OptBytes: Bytes{1},
			List: []Count{1, 2}, Dict: map[string]Blob{"a": Blob("1"), "b": nil}, Sets: []LabelSet{nil, {}}},
		{Day: day},
		{Day: day, Blob: Blob("nope")},
	}
	for i := range values {
		diffEncode[Aliases](t, &values[i])
	}
}

func FuzzAliases(f *testing.F) {
	for _, c := range aliasesCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[Aliases](t, in) })
}

func FuzzFormats(f *testing.F) {
	for _, c := range formatsCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { diffDecode[Formats](t, in) })
}
`

// sampleDoc is a JSON document of type t with every field present (nested
// objects down to depth 3, then null), which the fast path decodes.
func sampleDoc(t *spec.Type, depth int) string {
	var parts []string
	for _, f := range codecFields(t) {
		name, _ := json.Marshal(f.name)
		parts = append(parts, string(name)+":"+sampleValue(f.Type, depth))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// sampleValue is a JSON value of type ref.
func sampleValue(ref *spec.TypeRef, depth int) string {
	switch ref.Kind {
	case spec.KindString:
		return `"s\u00e9<\n"`
	case spec.KindInteger:
		return "-7"
	case spec.KindNumber:
		return "1.5e3"
	case spec.KindBoolean:
		return "true"
	case spec.KindDateTime:
		return `"2024-01-02T03:04:05.5+01:00"`
	case spec.KindAny:
		return `{"k":[1,"x",null,{}]}`
	case spec.KindInt32:
		return "-2147483648"
	case spec.KindInt64:
		return "9223372036854775807"
	case spec.KindFloat32:
		return "3.4028235e38"
	case spec.KindDate:
		return `"2024-02-29"`
	case spec.KindBytes:
		return `"aGk8Pg=="`
	case spec.KindArray:
		return "[" + sampleValue(ref.Elem, depth) + "," + sampleValue(ref.Elem, depth) + "]"
	case spec.KindMap:
		return `{"a":` + sampleValue(ref.Elem, depth) + `,"b":` + sampleValue(ref.Elem, depth) + "}"
	}
	if ref.Ref.IsAlias() {
		return sampleValue(ref.Ref.Alias, depth)
	}
	if u := ref.Ref.Union; u != nil {
		first := sampleValue(u.Members[0].Type, depth)
		if u.Discriminator == "" || first == "null" {
			return first
		}
		head := unionHead(u, u.Members[0])
		if first == "{}" {
			return head + "}"
		}
		return head + "," + first[1:]
	}
	if ref.Ref.IsIntEnum() {
		return ref.Ref.Enum[len(ref.Ref.Enum)-1].Value
	}
	if ref.Ref.IsEnum() {
		v, _ := json.Marshal(ref.Ref.Enum[0].Value)
		return string(v)
	}
	if depth >= 3 {
		return "null"
	}
	return sampleDoc(ref.Ref, depth+1)
}

// everyTypeSource is a test that runs the differential test on a sample
// document of every object type of m (see sampleDoc), and on its
// mutations. Types that the client never decodes have no fast decoder.
func everyTypeSource(m *spec.Model) string {
	use := codecUses(m)
	var b strings.Builder
	b.WriteString("\nfunc TestDiffEveryType(t *testing.T) {\n")
	for _, ty := range m.Types {
		if ty.IsEnum() || ty.IsAlias() {
			continue
		}
		fast := use.dec[ty]
		if u := ty.Union; u != nil {
			// {} has no discriminator; [] is any JSON to a raw union.
			fmt.Fprintf(&b, "\tt.Run(%q, func(t *testing.T) {\n\t\tdiffMutated[%s](t, []codecCase{{%q, %v}, {\"{}\", %v}, {\"null\", %v}, {\"[]\", %v}}, true)\n\t})\n",
				ty.GoName, ty.GoName, sampleValue(&spec.TypeRef{Kind: spec.KindRef, Ref: ty}, 0), fast, fast && u.Discriminator == "", fast, fast && u.Discriminator == "")
			continue
		}
		fmt.Fprintf(&b, "\tt.Run(%q, func(t *testing.T) {\n\t\tdiffMutated[%s](t, []codecCase{{%q, %v}, {\"{}\", %v}, {\"null\", %v}, {\"[]\", false}}, true)\n\t})\n",
			ty.GoName, ty.GoName, sampleDoc(ty, 0), fast, fast, fast)
	}
	b.WriteString("}\n")
	return b.String()
}

// casesSource renders test cases as Go declarations.
func casesSource(name string, cases []codecCase) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nvar %s = []codecCase{\n", name)
	for _, c := range cases {
		fmt.Fprintf(&b, "\t{%q, %v},\n", c.in, c.fast)
	}
	b.WriteString("}\n")
	return b.String()
}

// writeModule renders m into a fresh module with the given test source.
func writeModule(t *testing.T, m *spec.Model, test string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/gen\n\ngo 1.24\n"), 0o644))
	files, err := Render(m)
	require.NoError(t, err)
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644))
	}
	src, err := format.Source([]byte(test))
	require.NoError(t, err, "the differential test does not parse")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "codec_diff_test.go"), src, 0o644))
	return dir
}

// goIn runs the go command in dir and returns its output.
func goIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	return string(out)
}

// TestCodecDifferential renders the petstore catalog, shapesCatalog and the
// default catalog, each into a module of its own with a differential test
// of the generated codec against encoding/json, runs those tests, and
// fuzzes -codec.fuzzexecs inputs per target.
func TestCodecDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and fuzzes generated packages")
	}
	pet, err := spec.Load("testdata/petstore/endpoints.yaml")
	require.NoError(t, err)
	ktrdr, err := spec.Load("../spec/endpoints.yaml")
	require.NoError(t, err)
	shapes := loadCatalog(t, shapesCatalog)
	shapes2, err := spec.Load("testdata/shapes2/endpoints.yaml")
	require.NoError(t, err)
	modules := []struct {
		name    string
		model   *spec.Model
		test    string
		targets []string
	}{
		{"petstore", pet, codecHarness + petstoreDiff + everyTypeSource(pet) + casesSource("petCases", petCases) + casesSource("adoptionCases", adoptionCases), []string{"FuzzPet"}},
		{"shapes", shapes, codecHarness + shapesDiff + everyTypeSource(shapes) + casesSource("shapesCases", shapesCases) + casesSource("dashCases", dashCases), []string{"FuzzShapes"}},
		{"shapes2", shapes2, codecHarness + shapes2Diff + everyTypeSource(shapes2) + casesSource("formatsCases", formatsCases) + casesSource("aliasesCases", aliasesCases) + casesSource("patchCases", patchCases) + casesSource("drawingCases", drawingCases), []string{"FuzzFormats", "FuzzAliases", "FuzzPetPatch", "FuzzDrawing"}},
		{"default", ktrdr, codecHarness + everyTypeSource(ktrdr), nil},
	}
	for _, mod := range modules {
		t.Run(mod.name, func(t *testing.T) {
			t.Parallel()
			dir := writeModule(t, mod.model, "package "+mod.model.Client.Package+"\n"+mod.test)
			goIn(t, dir, "vet", ".")
			out := goIn(t, dir, "test", "-count=1", "-v", "-run", "Diff|Behaviour", ".")
			assert.Contains(t, out, "--- PASS: TestDiffEveryType")
			if mod.name == "shapes" {
				assert.Contains(t, out, "--- PASS: TestBehaviourEnumKnown")
				assert.Contains(t, out, "--- PASS: TestBehaviourIntEnumKnown")
			}
			t.Log(out)
			if *codecFuzzExecs > 0 {
				for _, target := range mod.targets {
					goIn(t, dir, "test", "-run", "^$", "-fuzz", "^"+target+"$", "-fuzztime", fmt.Sprintf("%dx", *codecFuzzExecs), ".")
				}
			}
			if *codecBench && mod.name == "petstore" {
				t.Log(goIn(t, dir, "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", "6", "."))
			}
		})
	}
}
