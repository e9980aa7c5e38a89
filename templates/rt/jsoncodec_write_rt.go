package rt

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// This file is the writing half of the generated JSON codec: the output is
// byte for byte json.Marshal's. Values json.Marshal rejects (NaN and
// infinite floats, times outside years 0-9999, invalid json.RawMessage)
// mark the writer bad, and jsonMarshal calls json.Marshal for its error.
// So does a value nested deeper than jsonCycleDepth: it may contain itself
// (a pointer cycle through the generated types, a map[string]any or []any
// holding itself), which would recurse until the stack overflows;
// encoding/json tells a cycle, an error, from a deep value, which it
// encodes. Counting levels costs an increment; no pointer is tracked.

// jsonCycleDepth is how many objects and free-form containers the writer
// enters before it leaves the value to encoding/json, which starts
// looking for cycles at the same depth.
const jsonCycleDepth = 1000

// jsonFastEncoder is implemented by the generated object types.
type jsonFastEncoder interface {
	// encodeJSONFast appends the receiver, never nil, to w.
	encodeJSONFast(w *jsonWriter)
}

// jsonMarshal encodes v like json.Marshal, without reflection when v is a
// generated object type, a json.RawMessage or a map[string]string.
func jsonMarshal(v any) ([]byte, error) {
	w := &jsonWriter{}
	switch x := v.(type) {
	case jsonFastEncoder:
		if jsonNilPointer(v) {
			return []byte("null"), nil
		}
		w.b = make([]byte, 0, 256)
		x.encodeJSONFast(w)
	case json.RawMessage:
		jsonEncRaw(w, &x)
	case map[string]string:
		jsonEncMap(w, x, jsonEncString)
	default:
		w.bad = true
	}
	if w.bad {
		return json.Marshal(v)
	}
	return w.b, nil
}

// jsonWriter accumulates encoded JSON. bad is set on a value that
// json.Marshal refuses.
type jsonWriter struct {
	b     []byte
	bad   bool
	depth int32 // objects and free-form containers entered, see enter
}

// enter counts one more level of nesting. It reports false, marking the
// writer bad, once the writer is bad or jsonCycleDepth levels deep: the
// caller then writes nothing, so that a value containing itself ends the
// encoding at once. Each true must be matched by a depth decrement.
func (w *jsonWriter) enter() bool {
	if w.bad || w.depth >= jsonCycleDepth {
		w.bad = true
		return false
	}
	w.depth++
	return true
}

// null appends null.
func (w *jsonWriter) null() {
	w.b = append(w.b, "null"...)
}

// objectStart begins an object. Every field is written with a leading
// comma; objectEnd turns the first one into the opening brace.
func (w *jsonWriter) objectStart() int {
	return len(w.b)
}

// objectEnd closes the object that objectStart began at start.
func (w *jsonWriter) objectEnd(start int) {
	if len(w.b) == start {
		w.b = append(w.b, '{', '}')
		return
	}
	w.b[start] = '{'
	w.b = append(w.b, '}')
}

// The field writers below are not inlined: the generated encoders call
// them once per field, and inlining their appends into every encoder would
// multiply the machine code, and the build time, of a large catalog.

// jsonField writes a field that is always present: key is its name,
// encoded, with the leading comma and the colon.
//
//go:noinline
func jsonField[T any](w *jsonWriter, key string, p *T, enc func(*jsonWriter, *T)) {
	w.b = append(w.b, key...)
	enc(w, p)
}

// jsonOptional writes an optional (omitempty) pointer field unless it is
// nil.
//
//go:noinline
func jsonOptional[T any](w *jsonWriter, key string, p *T, enc func(*jsonWriter, *T)) {
	if p != nil {
		w.b = append(w.b, key...)
		enc(w, p)
	}
}

// jsonSliceField writes a slice field that is always present.
//
//go:noinline
func jsonSliceField[T any](w *jsonWriter, key string, s []T, enc func(*jsonWriter, *T)) {
	w.b = append(w.b, key...)
	jsonEncSlice(w, s, enc)
}

// jsonOptionalSlice writes an omitempty slice field unless it is empty.
//
//go:noinline
func jsonOptionalSlice[T any](w *jsonWriter, key string, s []T, enc func(*jsonWriter, *T)) {
	if len(s) > 0 {
		w.b = append(w.b, key...)
		jsonEncSlice(w, s, enc)
	}
}

// jsonMapField writes a map field that is always present.
//
//go:noinline
func jsonMapField[T any](w *jsonWriter, key string, m map[string]T, enc func(*jsonWriter, *T)) {
	w.b = append(w.b, key...)
	jsonEncMap(w, m, enc)
}

// jsonOptionalMap writes an omitempty map field unless it is empty.
//
//go:noinline
func jsonOptionalMap[T any](w *jsonWriter, key string, m map[string]T, enc func(*jsonWriter, *T)) {
	if len(m) > 0 {
		w.b = append(w.b, key...)
		jsonEncMap(w, m, enc)
	}
}

// jsonOptionalRaw writes an omitempty json.RawMessage field unless it is
// empty.
//
//go:noinline
func jsonOptionalRaw(w *jsonWriter, key string, m json.RawMessage) {
	if len(m) > 0 {
		w.b = append(w.b, key...)
		jsonEncRaw(w, &m)
	}
}

// jsonEncStruct encodes a generated object type. Like jsonStruct, its one
// type parameter is the pointer type, so every object type shares one
// compiled body.
func jsonEncStruct[P jsonFastEncoder](w *jsonWriter, p P) {
	if w.enter() {
		p.encodeJSONFast(w)
		w.depth--
	}
}

// jsonEncSlice encodes a slice: null when nil.
func jsonEncSlice[T any](w *jsonWriter, s []T, enc func(*jsonWriter, *T)) {
	if s == nil {
		w.null()
		return
	}
	w.b = append(w.b, '[')
	for i := range s {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		enc(w, &s[i])
	}
	w.b = append(w.b, ']')
}

// jsonEncMap encodes a map with its keys in sorted order: null when nil.
func jsonEncMap[T any](w *jsonWriter, m map[string]T, enc func(*jsonWriter, *T)) {
	if m == nil {
		w.null()
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.b = append(w.b, '{')
	v := new(T)
	for i, k := range keys {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = jsonAppendString(w.b, k)
		w.b = append(w.b, ':')
		*v = m[k]
		enc(w, v)
	}
	w.b = append(w.b, '}')
}

// jsonEncAny encodes an interface value: the types encoding/json decodes
// into one directly, anything else with json.Marshal.
func jsonEncAny(w *jsonWriter, p *any) {
	switch v := (*p).(type) {
	case nil:
		w.null()
	case string:
		w.b = jsonAppendString(w.b, v)
	case float64:
		jsonEncFloat(w, &v)
	case bool:
		jsonEncBool(w, &v)
	case int:
		jsonEncInt(w, &v)
	case map[string]any:
		if w.enter() {
			jsonEncMap(w, v, jsonEncAny)
			w.depth--
		}
	case []any:
		if w.enter() {
			jsonEncSlice(w, v, jsonEncAny)
			w.depth--
		}
	default:
		b, err := json.Marshal(v)
		if err != nil {
			w.bad = true
			return
		}
		w.b = append(w.b, b...)
	}
}

// jsonEncString encodes a string or string enum.
func jsonEncString[S ~string](w *jsonWriter, p *S) {
	w.b = jsonAppendString(w.b, string(*p))
}

// jsonEncInt encodes an int.
func jsonEncInt(w *jsonWriter, p *int) { jsonEncInteger(w, p) }

// jsonEncInteger encodes an integer type or an integer enum.
func jsonEncInteger[T ~int | ~int32 | ~int64](w *jsonWriter, p *T) {
	w.b = strconv.AppendInt(w.b, int64(*p), 10)
}

// jsonEncBool encodes a bool.
func jsonEncBool(w *jsonWriter, p *bool) {
	w.b = strconv.AppendBool(w.b, *p)
}

// jsonEncFloat encodes a float64 as encoding/json does: like ES6, 'f'
// format between 1e-6 and 1e21, else 'e' without a padded exponent.
func jsonEncFloat(w *jsonWriter, p *float64) { jsonEncFloatBits(w, *p, 64) }

// jsonEncFloat32 encodes a float32 as encoding/json does.
func jsonEncFloat32(w *jsonWriter, p *float32) { jsonEncFloatBits(w, float64(*p), 32) }

// jsonEncFloatBits encodes f, a float of the given bits, as encoding/json
// does.
func jsonEncFloatBits(w *jsonWriter, f float64, bits int) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		w.bad = true
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b := strconv.AppendFloat(w.b, f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	w.b = b
}

// jsonNullableField writes a nullable field: null when it is null, or unset
// and not omitUnset; left out when it is unset and omitUnset (the omitzero
// of an optional field).
//
//go:noinline
func jsonNullableField[T any](w *jsonWriter, key string, p *Nullable[T], enc func(*jsonWriter, *T), omitUnset bool) {
	if p.state == nullableUnset && omitUnset {
		return
	}
	w.b = append(w.b, key...)
	if p.state != nullableSet {
		w.null()
		return
	}
	enc(w, &p.value)
}

// jsonEncInt32 encodes an int32.
func jsonEncInt32(w *jsonWriter, p *int32) { jsonEncInteger(w, p) }

// jsonEncInt64 encodes an int64.
func jsonEncInt64(w *jsonWriter, p *int64) { jsonEncInteger(w, p) }

// jsonEncDate encodes a CivilDate as its MarshalJSON method does.
func jsonEncDate(w *jsonWriter, p *CivilDate) {
	if !p.valid() {
		w.bad = true
		return
	}
	w.b = append(append(append(w.b, '"'), p.String()...), '"')
}

// jsonEncBytes encodes a []byte as encoding/json does: null when nil, else
// a base64 string.
func jsonEncBytes(w *jsonWriter, p *[]byte) {
	if *p == nil {
		w.null()
		return
	}
	w.b = append(w.b, '"')
	w.b = base64.StdEncoding.AppendEncode(w.b, *p)
	w.b = append(w.b, '"')
}

// jsonOptionalBytes writes an omitempty []byte field unless it is empty.
//
//go:noinline
func jsonOptionalBytes(w *jsonWriter, key string, b []byte) {
	if len(b) > 0 {
		w.b = append(w.b, key...)
		jsonEncBytes(w, &b)
	}
}

// jsonEncTime encodes a time.Time as its MarshalJSON method does.
func jsonEncTime(w *jsonWriter, p *time.Time) {
	b, err := p.AppendText(append(w.b, '"'))
	if err != nil {
		w.bad = true
		return
	}
	w.b = append(b, '"')
}

// jsonEncRaw encodes a json.RawMessage: null when nil, else compacted with
// HTML characters escaped; invalid JSON marks the writer bad.
func jsonEncRaw(w *jsonWriter, p *json.RawMessage) {
	if *p == nil {
		w.null()
		return
	}
	b, ok := jsonAppendCompact(w.b, *p)
	if !ok {
		w.bad = true
		return
	}
	w.b = b
}

// jsonAppendCompact appends src without insignificant whitespace and with
// <, >, &, U+2028 and U+2029 escaped, as encoding/json treats the output
// of a MarshalJSON method. It reports false when src is not valid JSON.
func jsonAppendCompact(dst, src []byte) ([]byte, bool) {
	r := jsonReader{data: src}
	r.skip()
	if !r.end() {
		return dst, false
	}
	start, inString := 0, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			switch {
			case c == '\\':
				i++ // the escaped byte cannot end the string
			case c == '"':
				inString = false
			case c == '<' || c == '>' || c == '&':
				dst = append(dst, src[start:i]...)
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
				start = i + 1
			case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
				dst = append(dst, src[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[src[i+2]&0xF])
				i += 2
				start = i + 1
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case ' ', '\t', '\n', '\r':
			dst = append(dst, src[start:i]...)
			start = i + 1
		}
	}
	return append(dst, src[start:]...), true
}

// jsonHex holds the hexadecimal digits of \u escapes.
const jsonHex = "0123456789abcdef"

// jsonAppendString appends s as a JSON string exactly as json.Marshal
// does: HTML characters, U+2028 and U+2029 escaped, invalid UTF-8 as
// \ufffd.
func jsonAppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[b>>4], jsonHex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
