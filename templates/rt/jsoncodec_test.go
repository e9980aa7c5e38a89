package rt

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The types below are written the way codec_gen.go writes catalog types,
// so that the primitives are tested here without the generator.

type ctKind string

type ctInner struct {
	Name string   `json:"name"`
	Tags []string `json:"tags,omitempty"`
}

func (t *ctInner) decodeJSONFast(r *jsonReader) {
	*t = ctInner{}
	r.object([]string{"name", "tags"}, func(i int) {
		switch i {
		case 0:
			jsonString(r, &t.Name)
		case 1:
			jsonSlice(r, &t.Tags, jsonString)
		}
	})
}

func (t *ctInner) encodeJSONFast(w *jsonWriter) {
	o := w.objectStart()
	jsonField(w, `,"name":`, &t.Name, jsonEncString)
	jsonOptionalSlice(w, `,"tags":`, t.Tags, jsonEncString)
	w.objectEnd(o)
}

type ctAll struct {
	ID      int                        `json:"id"`
	Name    string                     `json:"name"`
	Kind    *ctKind                    `json:"kind,omitempty"`
	Weight  *float64                   `json:"weight,omitempty"`
	OK      *bool                      `json:"ok,omitempty"`
	At      *time.Time                 `json:"at,omitempty"`
	When    time.Time                  `json:"when"`
	Inner   ctInner                    `json:"inner"`
	Next    *ctInner                   `json:"next,omitempty"`
	List    []ctInner                  `json:"list,omitempty"`
	Kinds   []ctKind                   `json:"kinds"`
	Attrs   map[string]string          `json:"attrs,omitempty"`
	Nested  map[string][]int           `json:"nested"`
	Grid    [][]float64                `json:"grid,omitempty"`
	Extra   json.RawMessage            `json:"extra,omitempty"`
	Raw     json.RawMessage            `json:"raw"`
	Meta    map[string]json.RawMessage `json:"meta,omitempty"`
	Count   int                        `json:"count"`
	Flag    bool                       `json:"flag"`
	Score   float64                    `json:"score"`
	Skipped string                     `json:"-"`
	//lint:ignore SA5008 a field named "-" is what is being tested
	Dash   *string          `json:"-,omitempty"`
	Kelvin string           "json:\"\u212aelvin\""
	HTML   string           `json:"a<b>&c"`
	Anys   []any            `json:"anys"`
	Blobs  []map[string]any `json:"blobs,omitempty"`
}

func (t *ctAll) decodeJSONFast(r *jsonReader) {
	*t = ctAll{}
	r.object([]string{"id", "name", "kind", "weight", "ok", "at", "when", "inner", "next", "list", "kinds", "attrs", "nested", "grid", "extra", "raw", "meta", "count", "flag", "score", "-", "\u212aelvin", "a<b>&c", "anys", "blobs"}, func(i int) {
		switch i {
		case 0:
			jsonInt(r, &t.ID)
		case 1:
			jsonString(r, &t.Name)
		case 2:
			jsonPtr(r, &t.Kind, jsonString[ctKind])
		case 3:
			jsonPtr(r, &t.Weight, jsonFloat)
		case 4:
			jsonPtr(r, &t.OK, jsonBool)
		case 5:
			jsonPtr(r, &t.At, jsonTime)
		case 6:
			jsonTime(r, &t.When)
		case 7:
			t.Inner.decodeJSONFast(r)
		case 8:
			jsonPtr(r, &t.Next, jsonStruct[*ctInner])
		case 9:
			jsonSlice(r, &t.List, jsonStruct[*ctInner])
		case 10:
			jsonSlice(r, &t.Kinds, jsonString[ctKind])
		case 11:
			jsonMap(r, &t.Attrs, jsonString)
		case 12:
			jsonMap(r, &t.Nested, func(r *jsonReader, v *[]int) {
				jsonSlice(r, v, jsonInt)
			})
		case 13:
			jsonSlice(r, &t.Grid, func(r *jsonReader, v *[]float64) {
				jsonSlice(r, v, jsonFloat)
			})
		case 14:
			jsonRaw(r, &t.Extra)
		case 15:
			jsonRaw(r, &t.Raw)
		case 16:
			jsonMap(r, &t.Meta, jsonRaw)
		case 17:
			jsonInt(r, &t.Count)
		case 18:
			jsonBool(r, &t.Flag)
		case 19:
			jsonFloat(r, &t.Score)
		case 20:
			jsonPtr(r, &t.Dash, jsonString)
		case 21:
			jsonString(r, &t.Kelvin)
		case 22:
			jsonString(r, &t.HTML)
		case 23:
			jsonSlice(r, &t.Anys, jsonAny)
		case 24:
			jsonSlice(r, &t.Blobs, func(r *jsonReader, v *map[string]any) {
				jsonMap(r, v, jsonAny)
			})
		}
	})
}

func (t *ctAll) encodeJSONFast(w *jsonWriter) {
	o := w.objectStart()
	jsonField(w, `,"id":`, &t.ID, jsonEncInt)
	jsonField(w, `,"name":`, &t.Name, jsonEncString)
	jsonOptional(w, `,"kind":`, t.Kind, jsonEncString)
	jsonOptional(w, `,"weight":`, t.Weight, jsonEncFloat)
	jsonOptional(w, `,"ok":`, t.OK, jsonEncBool)
	jsonOptional(w, `,"at":`, t.At, jsonEncTime)
	jsonField(w, `,"when":`, &t.When, jsonEncTime)
	jsonField(w, `,"inner":`, &t.Inner, jsonEncStruct[*ctInner])
	jsonOptional(w, `,"next":`, t.Next, jsonEncStruct[*ctInner])
	jsonOptionalSlice(w, `,"list":`, t.List, jsonEncStruct[*ctInner])
	jsonSliceField(w, `,"kinds":`, t.Kinds, jsonEncString)
	jsonOptionalMap(w, `,"attrs":`, t.Attrs, jsonEncString)
	jsonMapField(w, `,"nested":`, t.Nested, func(w *jsonWriter, v *[]int) {
		jsonEncSlice(w, *v, jsonEncInt)
	})
	jsonOptionalSlice(w, `,"grid":`, t.Grid, func(w *jsonWriter, v *[]float64) {
		jsonEncSlice(w, *v, jsonEncFloat)
	})
	jsonOptionalRaw(w, `,"extra":`, t.Extra)
	jsonField(w, `,"raw":`, &t.Raw, jsonEncRaw)
	jsonOptionalMap(w, `,"meta":`, t.Meta, jsonEncRaw)
	jsonField(w, `,"count":`, &t.Count, jsonEncInt)
	jsonField(w, `,"flag":`, &t.Flag, jsonEncBool)
	jsonField(w, `,"score":`, &t.Score, jsonEncFloat)
	jsonOptional(w, `,"-":`, t.Dash, jsonEncString)
	jsonField(w, `,"`+"\u212a"+`elvin":`, &t.Kelvin, jsonEncString)
	jsonField(w, `,"a\u003cb\u003e\u0026c":`, &t.HTML, jsonEncString)
	jsonSliceField(w, `,"anys":`, t.Anys, jsonEncAny)
	jsonOptionalSlice(w, `,"blobs":`, t.Blobs, func(w *jsonWriter, v *map[string]any) {
		jsonEncMap(w, *v, jsonEncAny)
	})
	w.objectEnd(o)
}

// ctNode is recursive, for nesting depth.
type ctNode struct {
	Child *ctNode  `json:"child,omitempty"`
	Kids  []ctNode `json:"kids,omitempty"`
}

func (t *ctNode) decodeJSONFast(r *jsonReader) {
	*t = ctNode{}
	r.object([]string{"child", "kids"}, func(i int) {
		switch i {
		case 0:
			jsonPtr(r, &t.Child, jsonStruct[*ctNode])
		case 1:
			jsonSlice(r, &t.Kids, jsonStruct[*ctNode])
		}
	})
}

func (t *ctNode) encodeJSONFast(w *jsonWriter) {
	o := w.objectStart()
	jsonOptional(w, `,"child":`, t.Child, jsonEncStruct[*ctNode])
	jsonOptionalSlice(w, `,"kids":`, t.Kids, jsonEncStruct[*ctNode])
	w.objectEnd(o)
}

// fastHandles reports whether the fast path alone decodes input into T.
func fastHandles[T any, P interface {
	*T
	jsonFastDecoder
}](input string) bool {
	var v T
	r := &jsonReader{data: []byte(input)}
	P(&v).decodeJSONFast(r)
	return r.end()
}

// checkDecode compares jsonUnmarshal with json.Unmarshal on input: the
// same error (or none) and deeply equal values; when both succeed, the
// encodings are compared too. It returns whether the fast path handled it.
func checkDecode[T any, P interface {
	*T
	jsonFastDecoder
	jsonFastEncoder
}](t *testing.T, input string) bool {
	t.Helper()
	var fast, slow T
	errFast := jsonUnmarshal([]byte(input), P(&fast))
	errSlow := json.Unmarshal([]byte(input), &slow)
	if errSlow != nil {
		require.Error(t, errFast, "input %q", input)
		require.Equal(t, errSlow.Error(), errFast.Error(), "input %q", input)
	} else {
		require.NoError(t, errFast, "input %q", input)
	}
	require.True(t, reflect.DeepEqual(slow, fast), "input %q:\nencoding/json %#v\nfast          %#v", input, slow, fast)
	if errSlow == nil {
		checkEncode[T, P](t, &slow)
	}
	return fastHandles[T, P](input)
}

// checkEncode compares jsonMarshal with json.Marshal on v, and checks that
// decoding the output and encoding it again gives the same bytes.
func checkEncode[T any, P interface {
	*T
	jsonFastDecoder
	jsonFastEncoder
}](t *testing.T, v *T) {
	t.Helper()
	fast, errFast := jsonMarshal(P(v))
	slow, errSlow := json.Marshal(v)
	if errSlow != nil {
		require.Error(t, errFast)
		require.Equal(t, errSlow.Error(), errFast.Error())
		return
	}
	require.NoError(t, errFast)
	require.Equal(t, string(slow), string(fast))

	// Round trip: the output decodes on the fast path; after one round
	// (which normalises raw JSON and escaped U+FFFD) encoding and decoding
	// are stable.
	require.True(t, fastHandles[T, P](string(fast)), "fast path refuses its own output %s", fast)
	var back, back2 T
	require.NoError(t, jsonUnmarshal(fast, P(&back)), "%s", fast)
	again, err := jsonMarshal(P(&back))
	require.NoError(t, err)
	slowAgain, err := json.Marshal(&back)
	require.NoError(t, err)
	require.Equal(t, string(slowAgain), string(again))
	require.NoError(t, jsonUnmarshal(again, P(&back2)), "%s", again)
	require.True(t, reflect.DeepEqual(back, back2), "%s", again)
	third, err := jsonMarshal(P(&back2))
	require.NoError(t, err)
	require.Equal(t, string(again), string(third))
}

// codecInputs are inputs for ctAll; fast says whether the fast path must
// handle them itself.
var codecInputs = []struct {
	in   string
	fast bool
}{
	{`{}`, true},
	{`null`, true},
	{` {"id":1,"name":"a"} `, true},
	{`{"id":-0,"score":-0,"weight":-0.0}`, true},
	{`{"id":9223372036854775807}`, true},
	{`{"id":-9223372036854775808}`, true},
	{`{"id":9223372036854775808}`, false},
	{`{"id":-9223372036854775809}`, false},
	{`{"id":12345678901234567890123}`, false},
	{`{"id":1.0}`, false},
	{`{"id":1e2}`, false},
	{`{"id":"1"}`, false},
	{`{"id":null,"name":null,"flag":null,"score":null,"when":null,"inner":null}`, true},
	{`{"kind":null,"weight":null,"ok":null,"at":null,"next":null,"list":null,"kinds":null,"attrs":null,"nested":null,"grid":null,"extra":null,"raw":null,"meta":null}`, true},
	{`{"kind":"dog","weight":1.5,"ok":true,"at":"2024-01-02T03:04:05.123456789+02:00","when":"2024-01-02T03:04:05Z"}`, true},
	{`{"when":"2024-01-02T03:04:05\u005a"}`, false},
	{`{"when":"yesterday"}`, false},
	{`{"when":5}`, false},
	{`{"at":{}}`, false},
	{`{"inner":{"name":"x","tags":["a","b"]},"next":{"name":"y","tags":[]}}`, true},
	{`{"list":[],"kinds":[],"attrs":{},"nested":{},"grid":[]}`, true},
	{`{"list":[{"name":"a"},null,{"tags":null}],"kinds":["a",null,"b"]}`, true},
	{`{"nested":{"a":[1,2],"b":null,"a":[3]},"grid":[[1.5,2],[],null]}`, true},
	{`{"attrs":{"k":"v","k":"w","":"empty","\u00e9":"é"}}`, true},
	{`{"attrs":{"k":1}}`, false},
	{`{"extra":  {"a" : [1, 2 ,{"b":null}] }  ,"raw":"x\u00e9<"}`, true},
	{`{"extra":"\ud800","raw":"` + "\xff" + `"}`, true},
	{`{"meta":{"a":null,"b":{"c":1},"c":"<&>"}}`, true},
	{`{"name":"a\"b\\c\/d\be\ff\ng\rh\ti\u0000j\u00e9k\u2028l"}`, true},
	{`{"name":"\ud83d\ude00 smile"}`, true},
	{`{"name":"\uD83D\uDE00"}`, true},
	{`{"name":"\ud83d"}`, false},
	{`{"name":"\ud83d\u0041"}`, false},
	{`{"name":"\ude00"}`, false},
	{`{"name":"\ud83dx"}`, false},
	{`{"name":"caf` + "\xe9" + `"}`, false},
	{`{"name":"` + "\xed\xa0\x80" + `"}`, false},
	{`{"name":"ok ` + "\xef\xbf\xbd" + `"}`, true},
	{`{"name":"tab	inside"}`, false},
	{`{"name":"\x"}`, false},
	{`{"name":"\u12"}`, false},
	{`{"name":"\'"}`, false},
	{`{"name":"unterminated}`, false},
	{`{"unknown":{"deep":[1,2,{"x":"\ud800"}]},"other":[true,false,null,-1.5e-3],"id":3}`, true},
	{`{"unknown":"` + "\xff" + `","id":3}`, true},
	{`{"unknown":01}`, false},
	{`{"unknown":[1,]}`, false},
	{`{"unknown":{"a":1,}}`, false},
	{`{"unknown":{"a" 1}}`, false},
	{`{"unknown":tru}`, false},
	{`{"unknown":nul}`, false},
	{`{"unknown":-}`, false},
	{`{"unknown":1.}`, false},
	{`{"unknown":1e}`, false},
	{`{"unknown":.5}`, false},
	{`{"unknown":+1}`, false},
	{`{"ID":1}`, false},
	{`{"Name":"x"}`, false},
	{`{"kelvin":"x"}`, false},
	{`{"KELVIN":"x"}`, false},
	{`{"` + "\u212a" + `elvin":"x"}`, true},
	{`{"A<B>&C":"x"}`, false},
	{`{"a<b>&c":"x"}`, true},
	{`{"-":"dash"}`, true},
	{`{"Skipped":"x"}`, true},
	{`{"id":1,"id":2}`, false},
	{`{"inner":{"name":"a"},"inner":{"tags":["b"]}}`, false},
	{`{"n\u0061me":"escaped key"}`, true},
	{`{"nam` + "\xff" + `":"x"}`, false},
	{`{"id":1}x`, false},
	{`{"id":1}{}`, false},
	{`{"id":1`, false},
	{`{"id"`, false},
	{`{"id":}`, false},
	{`{,}`, false},
	{`{"id":1,}`, false},
	{`[]`, false},
	{`"str"`, false},
	{`1`, false},
	{``, false},
	{"\ufeff{}", false},
	{"{\n\t\"id\" :\r\n 7 ,\"name\"\t:\"x\"\n}\n", true},
	{`{"weight":1e400}`, false},
	{`{"weight":-1e400}`, false},
	{`{"weight":1e-400}`, true},
	{`{"weight":4.9406564584124654e-324,"score":1.7976931348623157e308}`, true},
	{`{"weight":0.1,"score":123456789012345678901234567890}`, true},
	{`{"weight":1E+2,"score":1e-7}`, true},
	{`{"score":"1"}`, false},
	{`{"flag":"true"}`, false},
	{`{"flag":1}`, false},
	{`{"inner":[]}`, false},
	{`{"list":{}}`, false},
	{`{"attrs":[]}`, false},
	{`{"kinds":"a"}`, false},
	{`{"anys":[1.5,"\u00e9",false,true,null,{"b":1,"a":{"c":[]},"b":-0},[[]],-0,1e-400]}`, true},
	{`{"anys":[],"blobs":[{"a":1,"a":2},null,{}]}`, true},
	{`{"anys":[{"x":[1e400]}]}`, false},
	{`{"anys":["` + "\xff" + `"]}`, false},
	{`{"anys":["\udc00"]}`, false},
	{`{"anys":[tru]}`, false},
	{`{"anys":{}}`, false},
	{`{"blobs":[[]]}`, false},
}

func TestJSONCodecDifferential(t *testing.T) {
	for _, c := range codecInputs {
		fast := checkDecode[ctAll](t, c.in)
		assert.Equal(t, c.fast, fast, "fast path on %q", c.in)
	}
}

func TestJSONCodecNesting(t *testing.T) {
	for _, depth := range []int{2, 100, jsonMaxDepth - 1, jsonMaxDepth, jsonMaxDepth + 1} {
		in := strings.Repeat(`{"child":`, depth-1) + "{}" + strings.Repeat("}", depth-1)
		fast := checkDecode[ctNode](t, in)
		assert.Equal(t, depth <= jsonMaxDepth, fast, "depth %d", depth)
		in = `{"kids":[` + strings.Repeat("[", depth-2) + strings.Repeat("]", depth-2) + `]}`
		checkDecode[ctNode](t, in)
		in = `{"unknown":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
		fast = checkDecode[ctNode](t, in)
		assert.Equal(t, depth <= jsonMaxDepth, fast, "depth %d", depth)
	}
}

func TestJSONUnmarshalResetsOnFallback(t *testing.T) {
	v := ctAll{ID: 9, Name: "old", Attrs: map[string]string{"old": "x"}}
	err := jsonUnmarshal([]byte(`{"id":"wrong","attrs":{"k":"v"}}`), &v)
	var typeErr *json.UnmarshalTypeError
	require.ErrorAs(t, err, &typeErr)
	assert.Equal(t, map[string]string{"k": "v"}, v.Attrs, "the old map is not merged into")
	assert.Empty(t, v.Name)

	v = ctAll{Name: "old", List: []ctInner{{Name: "a"}}}
	require.NoError(t, jsonUnmarshal([]byte(`{"id":1}`), &v))
	assert.Equal(t, ctAll{ID: 1}, v, "fast path starts from the zero value")
}

func TestJSONUnmarshalNilPointer(t *testing.T) {
	var p *ctAll
	err := jsonUnmarshal([]byte(`{}`), p)
	require.Error(t, err)
	assert.Equal(t, json.Unmarshal([]byte(`{}`), p).Error(), err.Error())
}

func TestJSONUnmarshalAny(t *testing.T) {
	inputs := append([]string(nil), validInputs...)
	for _, c := range codecInputs {
		inputs = append(inputs, c.in)
	}
	for _, in := range inputs {
		checkAny(t, in)
	}
}

// checkAny compares jsonUnmarshal with json.Unmarshal into an any.
func checkAny(t *testing.T, in string) {
	t.Helper()
	var fast, slow any
	errFast := jsonUnmarshal([]byte(in), &fast)
	errSlow := json.Unmarshal([]byte(in), &slow)
	if errSlow != nil {
		require.Error(t, errFast, "%q", in)
		require.Equal(t, errSlow.Error(), errFast.Error(), "%q", in)
		return
	}
	require.NoError(t, errFast, "%q", in)
	require.True(t, reflect.DeepEqual(slow, fast), "%q:\nencoding/json %#v\nfast          %#v", in, slow, fast)
}

func TestJSONUnmarshalOtherTargets(t *testing.T) {
	var raw json.RawMessage
	require.NoError(t, jsonUnmarshal([]byte(" {\"a\": [1, 2]}\n"), &raw))
	assert.Equal(t, `{"a": [1, 2]}`, string(raw))
	err := jsonUnmarshal([]byte(`{"a":`), &raw)
	require.Error(t, err)
	assert.Equal(t, json.Unmarshal([]byte(`{"a":`), new(json.RawMessage)).Error(), err.Error())

	var m map[string]int
	require.NoError(t, jsonUnmarshal([]byte(`{"a":1}`), &m))
	assert.Equal(t, map[string]int{"a": 1}, m)
}

func TestJSONMarshalTopLevel(t *testing.T) {
	var nilAll *ctAll
	for _, v := range []any{
		nilAll,
		&ctAll{},
		json.RawMessage(nil),
		json.RawMessage(` {"b" : "<x>", "a": [ 1 ,2 ] } `),
		json.RawMessage(`{`),
		json.RawMessage{},
		map[string]string(nil),
		map[string]string{},
		map[string]string{"b": "2", "a": "1", "<": "&", "\xff": "\u2029"},
		[]int{1, 2},
		ctAll{Name: "by value"},
	} {
		fast, errFast := jsonMarshal(v)
		slow, errSlow := json.Marshal(v)
		if errSlow != nil {
			require.Error(t, errFast)
			assert.Equal(t, errSlow.Error(), errFast.Error())
			continue
		}
		require.NoError(t, errFast, "%#v", v)
		assert.Equal(t, string(slow), string(fast), "%#v", v)
	}
}

// A value that contains itself gets encoding/json's error instead of a
// stack overflow; a deep value that does not is encoded as encoding/json
// encodes it, at every depth around the threshold.
func TestJSONMarshalCycles(t *testing.T) {
	same := func(t *testing.T, v any) {
		t.Helper()
		fast, errFast := jsonMarshal(v)
		slow, errSlow := json.Marshal(v)
		if errSlow != nil {
			require.Error(t, errFast)
			assert.Equal(t, errSlow.Error(), errFast.Error())
			return
		}
		require.NoError(t, errFast)
		assert.Equal(t, string(slow), string(fast))
	}
	cycles := map[string]func() any{
		"pointer": func() any {
			n := &ctNode{}
			n.Child = n
			return n
		},
		"pointer through two": func() any {
			a, b := &ctNode{}, &ctNode{}
			a.Child, b.Child = b, a
			return a
		},
		"slice": func() any {
			n := &ctNode{Kids: make([]ctNode, 1)}
			n.Kids[0].Kids = n.Kids
			return n
		},
		"fan-out": func() any { // two ways back at every level
			n := &ctNode{Kids: make([]ctNode, 2)}
			n.Child = n
			n.Kids[0].Child, n.Kids[1].Child = n, n
			return n
		},
		"[]any": func() any {
			v := &ctAll{Anys: make([]any, 1)}
			v.Anys[0] = v.Anys
			return v
		},
		"map[string]any": func() any {
			m := map[string]any{}
			m["self"] = m
			return &ctAll{Blobs: []map[string]any{m}}
		},
		"map and slice": func() any {
			m := map[string]any{}
			s := []any{m, "x"}
			m["s"] = s
			return &ctAll{Anys: s}
		},
	}
	for name, build := range cycles {
		t.Run(name, func(t *testing.T) {
			v := build()
			_, err := jsonMarshal(v)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "encountered a cycle")
			same(t, v)
		})
	}
	for _, depth := range []int{jsonCycleDepth - 1, jsonCycleDepth, jsonCycleDepth + 1, 3 * jsonCycleDepth} {
		n := &ctNode{}
		for range depth {
			n = &ctNode{Child: n}
		}
		same(t, n)
		k := ctNode{}
		for range depth {
			k = ctNode{Kids: []ctNode{k}}
		}
		same(t, &k)
		var a any = "leaf"
		for i := range depth {
			if i%2 == 0 {
				a = []any{a}
			} else {
				a = map[string]any{"k": a}
			}
		}
		same(t, &ctAll{Anys: []any{a}})
	}
	// The same value shared, not contained, is no cycle.
	shared := &ctNode{}
	same(t, &ctNode{Child: shared, Kids: []ctNode{{Child: shared}, {Child: shared}}})
}

func TestJSONCodecEncodeValues(t *testing.T) {
	kind := ctKind("<dog>")
	zero := 0.0
	negZero := math.Copysign(0, -1)
	no := false
	at := time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.FixedZone("", -(3*3600+30*60)))
	dash := "-"
	values := []ctAll{
		{},
		{Kind: &kind, Weight: &zero, OK: &no, At: &at, Next: &ctInner{}, Dash: &dash},
		{Weight: &negZero, Score: negZero},
		{Name: "a\u2028b\u2029c<d>e&f\"g\\h\x00\x1f\x7f\b\f\n\r\t" + "\xff\xfe" + "é日本語😀"},
		{List: []ctInner{}, Kinds: []ctKind{}, Attrs: map[string]string{}, Nested: map[string][]int{}, Grid: [][]float64{}},
		{List: []ctInner{{Tags: []string{}}, {Name: "b", Tags: []string{"x"}}}, Kinds: []ctKind{"a", ""}},
		{Nested: map[string][]int{"z": nil, "a": {}, "m": {1, -2, math.MaxInt, math.MinInt}}},
		{Grid: [][]float64{nil, {}, {1e20, 1e21, 1e-6, 1e-7, 123456789e-30, 0.1, 1.5e300, math.SmallestNonzeroFloat64, math.MaxFloat64}}},
		{Extra: json.RawMessage(` [1, "a <b> & \u2028 ` + "\u2028 \xff" + `" ,{"x" : null}] `), Raw: json.RawMessage(`null`)},
		{Extra: json.RawMessage(`not json`)},
		{Raw: json.RawMessage{}},
		{Raw: json.RawMessage(`{"a":1} {}`)},
		{Meta: map[string]json.RawMessage{"b": nil, "a": json.RawMessage(`"x"`)}},
		{Meta: map[string]json.RawMessage{"a": json.RawMessage(`{`)}},
		{Weight: ptr(math.NaN())},
		{Score: math.Inf(1)},
		{Grid: [][]float64{{math.Inf(-1)}}},
		{When: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{When: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{When: time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))},
		{At: &time.Time{}},
		{Skipped: "never written", Kelvin: "k", HTML: "h"},
		{Anys: []any{}, Blobs: []map[string]any{}},
		{Anys: []any{nil, "s<\xff", 1.5, math.Copysign(0, -1), true, 7, map[string]any{"b": 1.0, "a": []any{}, "c": map[string]any(nil)}, []any(nil)}},
		{Anys: []any{json.Number("12"), json.RawMessage(` [ 1 ] `), []string{"x"}, struct{ A int }{1}, (*int)(nil), int8(3)}},
		{Blobs: []map[string]any{nil, {}, {"z": "<", "a": []any{1.0, "x"}}}},
		{Anys: []any{math.NaN()}},
		{Anys: []any{json.Number("x")}},
		{Blobs: []map[string]any{{"f": func() {}}}},
	}
	for i := range values {
		checkEncode[ctAll](t, &values[i])
	}
}

func ptr[T any](v T) *T { return &v }

func TestJSONAppendString(t *testing.T) {
	var all []string
	for b := 0; b < 256; b++ {
		all = append(all, string([]byte{byte(b)}), "a"+string([]byte{byte(b)})+"z")
	}
	all = append(all, "", "plain", "\u2028\u2029", "\xe2\x80", "\xe2\x80\xa8x", "\xed\xa0\x80", "\U0010ffff", "\xf4\x90\x80\x80", "é\xffé")
	for _, s := range all {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(jsonAppendString(nil, s)), "%q", s)
	}
}

func TestJSONEncFloat(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99999e-7, 1e-7, 1e20, 1e21, 999999999999999999999, 1e21 - 1e5,
		123456789, 1.5e-9, 1.5e-10, 1e-100, 1e100, 5e-324, math.MaxFloat64, -math.MaxFloat64, 2.5e-5, 1.0 / 3}
	for _, f := range floats {
		want, err := json.Marshal(f)
		require.NoError(t, err)
		w := &jsonWriter{}
		jsonEncFloat(w, &f)
		require.False(t, w.bad)
		assert.Equal(t, string(want), string(w.b), "%v", f)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		w := &jsonWriter{}
		jsonEncFloat(w, &f)
		assert.True(t, w.bad, "%v", f)
	}
}

func TestJSONParseFloat(t *testing.T) {
	nums := []string{"0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.3", "1.7976931348623157e308", "1.7976931348623159e308", "1e308", "1e309",
		"4.9406564584124654e-324", "2e-324", "1e-400", "9007199254740993", "9007199254740992", "9007199254740991", "123456789012345678",
		"1234567890123456789", "12345678901234567890", "0.000000000000000000000000000001", "1e22", "1e23", "1.5e22", "9e22",
		"4503599627370497.5", "0.1e1", "100e-2", "1E+0", "1e-0", "1e00000", "1e99999", "1e-99999", "123.456e-5", "0.00001234",
		"2.2250738585072011e-308", "2.2250738585072012e-308", "89255.0e-22", "3.0e-7", "8.98846567431158e307"}
	for _, n := range nums {
		want, wantErr := strconv.ParseFloat(n, 64)
		got, ok := jsonParseFloat([]byte(n))
		assert.Equal(t, wantErr == nil, ok, n)
		if ok {
			assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "%s: want %v got %v", n, want, got)
		}
	}
}

func TestJSONParseInt(t *testing.T) {
	for _, n := range []string{"0", "-0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
		"-9223372036854775809", "18446744073709551616", "99999999999999999999", "1000000000000000000"} {
		want, wantErr := strconv.ParseInt(n, 10, strconv.IntSize)
		got, ok := jsonParseInt([]byte(n))
		assert.Equal(t, wantErr == nil, ok, n)
		if ok {
			assert.Equal(t, int(want), got, n)
		}
	}
}

// validInputs are checked against json.Valid.
var validInputs = []string{
	``, ` `, `null`, `nul`, `nulll`, `true`, `false`, `truex`, `0`, `-0`, `01`, `-01`, `1.`, `1.5`, `1e5`, `1E+5`, `1e-5`, `1e`, `1e+`, `-`,
	`.5`, `+1`, `""`, `"\"`, `"\u"`, `"\u00"`, `"\u00zz"`, `"\uABCDx"`, `"\a"`, `"\/"`, `"` + "\x7f\xff" + `"`, "\"\x1f\"", `[]`, `[,]`, `[1,]`, `[1 2]`,
	`{}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{1:1}`, `{"a":1 "b":2}`, ` { "a" : [ 1 , { } ] } `, `[[[]]]`, `[[[]]`, `{"a":[}`, `"a"b`, "\t\n\r 1 \t\n\r",
	"\f1", "1\x00", `[1]]`, `{}}`,
}

func TestJSONSkipMatchesValid(t *testing.T) {
	for _, in := range validInputs {
		assert.Equal(t, json.Valid([]byte(in)), skipValid([]byte(in)), "%q", in)
	}
}

// skipValid reports whether the reader accepts data as one JSON value.
func skipValid(data []byte) bool {
	r := &jsonReader{data: data}
	r.skip()
	return r.end()
}

func TestJSONAppendCompact(t *testing.T) {
	for _, in := range append(validInputs, ` {"a" : "<&>`+"\u2028\u2029\xe2\x80"+`"} `, `"\"<"`, `["\\", "<"]`) {
		want, errWant := json.Marshal(json.RawMessage(in))
		got, ok := jsonAppendCompact([]byte("prefix"), []byte(in))
		assert.Equal(t, errWant == nil, ok, "%q", in)
		if ok {
			assert.Equal(t, "prefix"+string(want), string(got), "%q", in)
		} else {
			assert.Equal(t, "prefix", string(got))
		}
	}
}

func TestJSONFoldMatch(t *testing.T) {
	names := []string{"id", "\u212aelvin", "ſ", "straße"}
	for key, want := range map[string]bool{
		"ID": true, "Id": true, "id": true, "idx": false, "kelvin": true, "KELVIN": true, "s": true, "S": true,
		"STRASSE": false, "STRAßE": true, "x": false, "": false,
	} {
		assert.Equal(t, want, jsonFoldMatch(names, []byte(key)), "%q", key)
	}
}

func TestJSONDecodeAllocations(t *testing.T) {
	in := []byte(`{"id":1,"name":"n","inner":{"name":"x"},"count":2,"flag":true,"score":1.5,"kind":"k","unknown":[1,{"a":"b"}]}`)
	var v ctAll
	allocs := testing.AllocsPerRun(100, func() {
		if err := jsonUnmarshal(in, &v); err != nil {
			t.Fatal(err)
		}
	})
	// The reader, two strings, the kind pointer and its string.
	assert.LessOrEqual(t, allocs, 5.0)
	out := testing.AllocsPerRun(100, func() {
		if _, err := jsonMarshal(&v); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, out, 2.0)
}

func FuzzJSONCodec(f *testing.F) {
	for _, c := range codecInputs {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkDecode[ctAll](t, in)
		checkAny(t, in)
	})
}

func FuzzJSONSkip(f *testing.F) {
	for _, in := range validInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Count(in, "[")+strings.Count(in, "{") > jsonMaxDepth {
			t.Skip()
		}
		if !assert.Equal(t, json.Valid([]byte(in)), skipValid([]byte(in)), "%q", in) {
			return
		}
		want, errWant := json.Marshal(json.RawMessage(in))
		got, ok := jsonAppendCompact(nil, []byte(in))
		require.Equal(t, errWant == nil, ok)
		if ok {
			require.Equal(t, string(want), string(got))
		}
	})
}

func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "a", "\xff", "\u2028", "<&>", "\"\\", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(jsonAppendString(nil, s)))
		var back, slow string
		r := &jsonReader{data: want}
		jsonString(r, &back)
		require.True(t, r.end(), "fast path refuses %s", want)
		require.NoError(t, json.Unmarshal(want, &slow))
		require.Equal(t, slow, back)
		if utf8.ValidString(s) {
			require.Equal(t, s, back)
		}
	})
}

func FuzzJSONNumber(f *testing.F) {
	for _, n := range []string{"0", "-1.5e-7", "1e400", "123456789012345678901234567890", "9007199254740993"} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n string) {
		r := &jsonReader{data: []byte(n)}
		num, integer := r.number()
		if r.bad || r.pos != len(n) {
			return
		}
		want, errWant := strconv.ParseFloat(n, 64)
		got, ok := jsonParseFloat(num)
		require.Equal(t, errWant == nil, ok, n)
		if ok {
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), n)
		}
		if integer {
			wantInt, errInt := strconv.ParseInt(n, 10, strconv.IntSize)
			gotInt, ok := jsonParseInt(num)
			require.Equal(t, errInt == nil, ok, n)
			if ok {
				require.Equal(t, int(wantInt), gotInt, n)
			}
		}
	})
}
