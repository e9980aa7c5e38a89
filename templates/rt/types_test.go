package rt

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The types below are written the way codec_gen.go writes formats,
// nullable fields and unions (see testdata/shapes2 of the templates).

type ctCircle struct {
	R float64 `json:"r"`
}

func (t *ctCircle) decodeJSONFast(r *jsonReader) {
	*t = ctCircle{}
	r.object([]string{"r"}, func(i int) {
		switch i {
		case 0:
			jsonFloat(r.notNull("ctCircle.r"), &t.R)
		}
	})
}

func (t *ctCircle) encodeJSONFast(w *jsonWriter) {
	o := w.objectStart()
	jsonField(w, `,"r":`, &t.R, jsonEncFloat)
	w.objectEnd(o)
}

type ctShapeValue interface{ isCtShapeValue() }

func (ctCircle) isCtShapeValue() {}

type ctShape struct{ Value ctShapeValue }

func (u ctShape) MarshalJSON() ([]byte, error) {
	switch v := u.Value.(type) {
	case nil:
		return []byte("null"), nil
	case ctCircle:
		return unionMarshal(`{"kind":"circle"`, v)
	}
	return nil, fmt.Errorf("json: ctShape.Value holds a %T", u.Value)
}

func (u *ctShape) UnmarshalJSON(data []byte) error {
	tag, ok, err := unionTag(data, "ctShape", "kind")
	if !ok {
		return err
	}
	switch tag {
	case "circle":
		var v ctCircle
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		u.Value = v
		return nil
	}
	return fmt.Errorf("json: unknown kind %q of ctShape (want circle)", tag)
}

func (t *ctShape) decodeJSONFast(r *jsonReader) {
	*t = ctShape{}
	tag, null := jsonUnionTag(r, "kind")
	if null || r.bad {
		return
	}
	switch tag {
	case "circle":
		var v ctCircle
		v.decodeJSONFast(r)
		t.Value = v
	default:
		r.bad = true
	}
}

func (t *ctShape) encodeJSONFast(w *jsonWriter) {
	switch v := t.Value.(type) {
	case nil:
		w.null()
	case ctCircle:
		jsonEncUnion(w, `{"kind":"circle"`, &v)
	default:
		w.bad = true
	}
}

type ctRaw struct{ raw json.RawMessage }

func (u ctRaw) MarshalJSON() ([]byte, error) { return unionRawMarshal(u.raw) }
func (u *ctRaw) UnmarshalJSON(data []byte) error {
	u.raw = append(u.raw[:0:0], data...)
	return nil
}
func (t *ctRaw) decodeJSONFast(r *jsonReader) { *t = ctRaw{}; jsonRaw(r, &t.raw) }
func (t *ctRaw) encodeJSONFast(w *jsonWriter) { jsonEncRaw(w, &t.raw) }

type ctTypes struct {
	I32   int32              `json:"i32"`
	I64   *int64             `json:"i64,omitempty"`
	F32   float32            `json:"f32"`
	Day   *CivilDate         `json:"day,omitempty"`
	Blob  []byte             `json:"blob,omitempty"`
	Blob2 []byte             `json:"blob2"`
	Name  Nullable[string]   `json:"name,omitzero"`
	Req   Nullable[int]      `json:"req"`
	Shape ctShape            `json:"shape"`
	Raw   *ctRaw             `json:"raw,omitempty"`
	Days  []CivilDate        `json:"days,omitempty"`
	Nums  Nullable[[]int32]  `json:"nums,omitzero"`
	Opt   Nullable[ctCircle] `json:"opt,omitzero"`
}

func (t *ctTypes) decodeJSONFast(r *jsonReader) {
	*t = ctTypes{}
	r.object([]string{"i32", "i64", "f32", "day", "blob", "blob2", "name", "req", "shape", "raw", "days", "nums", "opt"}, func(i int) {
		switch i {
		case 0:
			jsonInt32(r.notNull("ctTypes.i32"), &t.I32)
		case 1:
			jsonPtr(r, &t.I64, jsonInt64)
		case 2:
			jsonFloat32(r.notNull("ctTypes.f32"), &t.F32)
		case 3:
			jsonPtr(r, &t.Day, jsonDate)
		case 4:
			jsonBytes(r, &t.Blob)
		case 5:
			jsonBytes(r, &t.Blob2)
		case 6:
			jsonNullable(r, &t.Name, jsonString)
		case 7:
			jsonNullable(r, &t.Req, jsonInt)
		case 8:
			t.Shape.decodeJSONFast(r)
		case 9:
			jsonPtr(r, &t.Raw, jsonStruct[*ctRaw])
		case 10:
			jsonSlice(r, &t.Days, jsonDate)
		case 11:
			jsonNullable(r, &t.Nums, func(r *jsonReader, v *[]int32) { jsonSlice(r, v, jsonInt32) })
		case 12:
			jsonNullable(r, &t.Opt, jsonStruct[*ctCircle])
		}
	})
}

func (t *ctTypes) encodeJSONFast(w *jsonWriter) {
	o := w.objectStart()
	jsonField(w, `,"i32":`, &t.I32, jsonEncInt32)
	jsonOptional(w, `,"i64":`, t.I64, jsonEncInt64)
	jsonField(w, `,"f32":`, &t.F32, jsonEncFloat32)
	jsonOptional(w, `,"day":`, t.Day, jsonEncDate)
	jsonOptionalBytes(w, `,"blob":`, t.Blob)
	jsonField(w, `,"blob2":`, &t.Blob2, jsonEncBytes)
	jsonNullableField(w, `,"name":`, &t.Name, jsonEncString, true)
	jsonNullableField(w, `,"req":`, &t.Req, jsonEncInt, false)
	jsonField(w, `,"shape":`, &t.Shape, jsonEncStruct[*ctShape])
	jsonOptional(w, `,"raw":`, t.Raw, jsonEncStruct[*ctRaw])
	jsonOptionalSlice(w, `,"days":`, t.Days, jsonEncDate)
	jsonNullableField(w, `,"nums":`, &t.Nums, func(w *jsonWriter, v *[]int32) { jsonEncSlice(w, *v, jsonEncInt32) }, true)
	jsonNullableField(w, `,"opt":`, &t.Opt, jsonEncStruct[*ctCircle], true)
	w.objectEnd(o)
}

func TestJSONCodecTypes(t *testing.T) {
	for _, c := range []struct {
		in   string
		fast bool
	}{
		{`{"i32":-2147483648,"i64":9223372036854775807,"f32":1.5,"day":"2024-02-29","blob":"aGk=","blob2":"","name":null,"req":1,"shape":{"r":2,"kind":"circle"},"raw":[1, {"a":"<"}],"days":["2020-01-01"],"nums":[1,2],"opt":{"r":1}}`, true},
		{`{"name":"x","req":null,"shape":null,"raw":null,"nums":null,"opt":null}`, true},
		{`{}`, true},
		{`{"i32":2147483648}`, false},
		{`{"f32":1e39}`, false},
		{`{"day":"2024-02-30"}`, false},
		{`{"blob":"!"}`, false},
		{`{"blob":[1,2]}`, false},
		{`{"shape":{"kind":"square"}}`, false},
		{`{"shape":{"r":1}}`, false},
		{`{"shape":{"kind":"circle","Kind":"circle"}}`, false},
		{`{"shape":{"kind":"circle"}}`, true},
		{`{"nums":[1.5]}`, false},
	} {
		fast := checkDecode[ctTypes](t, c.in)
		assert.Equal(t, c.fast, fast, "fast path on %q", c.in)
	}
	for _, v := range []ctTypes{
		{Shape: ctShape{Value: ctCircle{R: 1}}, Name: NullableNull[string](), Req: NullableValue(3), Raw: &ctRaw{raw: json.RawMessage(" [ 1 ] ")}, Opt: NullableValue(ctCircle{})},
		{Blob: []byte{}, Blob2: []byte("x"), Day: &CivilDate{2024, 2, 29}, Days: []CivilDate{{}}},
		{Nums: NullableValue([]int32(nil))},
	} {
		fast, errFast := jsonMarshal(&v)
		slow, errSlow := json.Marshal(&v)
		if errSlow != nil {
			require.Error(t, errFast)
			assert.Equal(t, errSlow.Error(), errFast.Error())
			continue
		}
		require.NoError(t, errFast)
		assert.Equal(t, string(slow), string(fast))
	}
}

// ctLevel and ctCode are integer enums, of int and of int32, as
// types_gen.go declares them.
type (
	ctLevel int
	ctCode  int32
)

type ctEnums struct {
	Level  ctLevel           `json:"level"`
	Code   *ctCode           `json:"code,omitempty"`
	Levels []ctLevel         `json:"levels,omitempty"`
	Codes  map[string]ctCode `json:"codes,omitempty"`
	Maybe  Nullable[ctLevel] `json:"maybe,omitzero"`
}

func (t *ctEnums) decodeJSONFast(r *jsonReader) {
	*t = ctEnums{}
	r.object([]string{"level", "code", "levels", "codes", "maybe"}, func(i int) {
		switch i {
		case 0:
			jsonInteger[ctLevel](r.notNull("ctEnums.level"), &t.Level)
		case 1:
			jsonPtr(r, &t.Code, jsonInteger[ctCode])
		case 2:
			jsonSlice(r, &t.Levels, jsonInteger[ctLevel])
		case 3:
			jsonMap(r, &t.Codes, jsonInteger[ctCode])
		case 4:
			jsonNullable(r, &t.Maybe, jsonInteger[ctLevel])
		}
	})
}

func (t *ctEnums) encodeJSONFast(w *jsonWriter) {
	o := w.objectStart()
	jsonField(w, `,"level":`, &t.Level, jsonEncInteger[ctLevel])
	jsonOptional(w, `,"code":`, t.Code, jsonEncInteger[ctCode])
	jsonOptionalSlice(w, `,"levels":`, t.Levels, jsonEncInteger[ctLevel])
	jsonOptionalMap(w, `,"codes":`, t.Codes, jsonEncInteger[ctCode])
	jsonNullableField(w, `,"maybe":`, &t.Maybe, jsonEncInteger[ctLevel], true)
	w.objectEnd(o)
}

// TestJSONCodecIntegerEnums: an integer enum decodes any integer that
// fits its Go type, listed or not, as encoding/json does, and leaves
// everything else (a fraction, an exponent, a string, a value beyond
// the type) to encoding/json, which refuses it.
func TestJSONCodecIntegerEnums(t *testing.T) {
	for _, c := range []struct {
		in   string
		fast bool
	}{
		{`{"level":-9223372036854775808,"code":2147483647,"levels":[1,0,-1],"codes":{"a":-2147483648,"b":7},"maybe":3}`, true},
		{`{"level":99,"code":null,"levels":null,"codes":null,"maybe":null}`, true},
		{`{}`, true},
		{`{"level":1.0}`, false},
		{`{"level":1e2}`, false},
		{`{"level":"1"}`, false},
		{`{"level":-0}`, true},
		{`{"level":9223372036854775808}`, false},
		{`{"code":2147483648}`, false},
		{`{"code":-2147483649}`, false},
		{`{"levels":[1,"2"]}`, false},
		{`{"codes":{"a":true}}`, false},
		{`{"maybe":1.5}`, false},
	} {
		fast := checkDecode[ctEnums](t, c.in)
		assert.Equal(t, c.fast, fast, "fast path on %q", c.in)
	}
	code := ctCode(-5)
	for _, v := range []ctEnums{
		{},
		{Level: -1 << 63, Code: &code, Levels: []ctLevel{1, 2}, Codes: map[string]ctCode{"b": 1, "a": 2}, Maybe: NullableValue[ctLevel](4)},
		{Levels: []ctLevel{}, Maybe: NullableNull[ctLevel]()},
	} {
		fast, errFast := jsonMarshal(&v)
		require.NoError(t, errFast)
		slow, err := json.Marshal(&v)
		require.NoError(t, err)
		assert.Equal(t, string(slow), string(fast))
	}
}

func TestJSONNullForARequiredField(t *testing.T) {
	var v ctTypes
	err := jsonUnmarshal([]byte(`{"i32":null}`), &v)
	var nullErr *jsonNullError
	require.ErrorAs(t, err, &nullErr)
	assert.Equal(t, "ctTypes.i32", nullErr.Field)
	require.NoError(t, json.Unmarshal([]byte(`{"i32":null}`), &v), "encoding/json keeps its own rule")
	// A syntax error wins over a null.
	err = jsonUnmarshal([]byte(`{"i32":null,`), &v)
	assert.False(t, errors.As(err, &nullErr))
}

func TestNullable(t *testing.T) {
	var n Nullable[int]
	assert.True(t, n.IsZero())
	assert.False(t, n.IsSet())
	n.Set(2)
	v, ok := n.Get()
	assert.True(t, ok)
	assert.Equal(t, 2, v)
	n.SetNull()
	assert.True(t, n.IsNull())
	_, ok = n.Get()
	assert.False(t, ok)
	n.Unset()
	assert.Equal(t, Nullable[int]{}, n)
	b, err := json.Marshal(n)
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	require.Error(t, json.Unmarshal([]byte(`"x"`), &n))
}

func TestCivilDate(t *testing.T) {
	d := CivilDate{2024, time.February, 29}
	assert.Equal(t, "2024-02-29", d.String())
	assert.Equal(t, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), d.Time(time.UTC))
	assert.False(t, d.IsZero())
	assert.True(t, CivilDate{}.IsZero())
	var back CivilDate
	require.NoError(t, back.UnmarshalJSON([]byte("null")))
	assert.True(t, back.IsZero(), "null leaves it alone")
	require.Error(t, back.UnmarshalJSON([]byte("20240229")))
	_, err := CivilDate{2023, 2, 29}.MarshalJSON()
	require.Error(t, err)
}
