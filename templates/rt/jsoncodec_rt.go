package rt

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"time"
)

// This file is the reading half of the generated JSON codec. codec_gen.go
// gives every catalog object type two methods, decodeJSONFast and
// encodeJSONFast, written in terms of the primitives below; jsonUnmarshal
// and jsonMarshal use them and fall back to encoding/json otherwise.
//
// The fast decoder is never more lenient than encoding/json: it handles the
// common, exact case and gives up (marks the reader bad) on anything
// unusual — a syntax error, a key that matches a field only
// case-insensitively, a repeated key, invalid UTF-8 or a lone surrogate in a
// decoded string, a number that does not fit its field, a value of the
// wrong JSON type, nesting deeper than encoding/json allows. jsonUnmarshal
// then decodes the whole input again with encoding/json, so that what is
// accepted, the error text and the values are always encoding/json's.

// jsonMaxDepth is encoding/json's nesting limit: deeper input is rejected.
const jsonMaxDepth = 10000

// jsonFastDecoder is implemented by the generated object types.
type jsonFastDecoder interface {
	// decodeJSONFast sets the receiver to its zero value and then decodes
	// the next value of r into it. On a reader that is already bad it only
	// resets the receiver.
	decodeJSONFast(r *jsonReader)
}

// jsonUnmarshal decodes data into v like json.Unmarshal, without
// reflection when v is a generated object type, a *json.RawMessage or a
// *any.
//
// Unlike json.Unmarshal it always decodes into a fresh zero value: v's
// previous contents are discarded, on the fast path and on the fallback
// alike. The request path only ever decodes into new values.
func jsonUnmarshal(data []byte, v any) error {
	switch p := v.(type) {
	case jsonFastDecoder:
		if jsonNilPointer(v) {
			break // json.Unmarshal's InvalidUnmarshalError
		}
		r := &jsonReader{data: data}
		p.decodeJSONFast(r)
		if r.end() {
			if r.nullField != "" {
				return &jsonNullError{Field: r.nullField}
			}
			return nil
		}
		p.decodeJSONFast(&jsonReader{bad: true}) // back to the zero value
	case *any:
		r := jsonReader{data: data}
		var x any
		if jsonAny(&r, &x); r.end() {
			*p = x
			return nil
		}
		*p = nil
	case *json.RawMessage:
		r := jsonReader{data: data}
		raw := r.raw()
		if r.end() {
			*p = append((*p)[:0], raw...)
			return nil
		}
		*p = nil
	}
	return json.Unmarshal(data, v)
}

// jsonNilPointer reports whether v is a nil pointer: the only reflection
// of the codec, so that the generated methods never see a nil receiver.
func jsonNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// object decodes an object into a struct whose JSON field names are names:
// for each key equal to names[i] it calls field(i) with the reader at the
// value. Other keys are checked and skipped, as encoding/json skips unknown
// fields, unless they match a name case-insensitively. null leaves the
// struct alone.
func (r *jsonReader) object(names []string, field func(i int)) {
	if r.bad {
		return
	}
	switch r.next() {
	case '{':
	case 'n':
		r.literal("null")
		return
	default:
		r.bad = true
		return
	}
	if !r.enter() {
		return
	}
	if r.next() == '}' {
		r.pos++
		r.depth--
		return
	}
	var small [4]uint64 // keys seen, one bit per name
	seen := small[:]
	if len(names) > 64*len(small) {
		seen = make([]uint64, (len(names)+63)/64)
	}
	expect := 0 // keys usually come in declaration order
	for {
		k, ok := r.key()
		if !ok {
			return
		}
		i := -1
		if expect < len(names) && names[expect] == string(k) {
			i = expect
		} else {
			for j, n := range names {
				if n == string(k) {
					i = j
					break
				}
			}
		}
		switch {
		case i >= 0:
			word, bit := i/64, uint64(1)<<(i%64)
			if seen[word]&bit != 0 {
				r.bad = true // encoding/json merges repeated keys
				return
			}
			seen[word] |= bit
			field(i)
			expect = i + 1
		case jsonFoldMatch(names, k):
			r.bad = true
			return
		default:
			r.skip()
		}
		if r.bad || !r.more('}') {
			return
		}
	}
}

// jsonStruct decodes a generated object type. Its one type parameter is
// the pointer type, so that every object type shares one compiled body
// (all pointers have one GC shape); jsonStruct[*T] is a func(*jsonReader,
// *T), what jsonSlice, jsonPtr and jsonMap take.
func jsonStruct[P jsonFastDecoder](r *jsonReader, p P) {
	p.decodeJSONFast(r)
}

// jsonString decodes a string into a string or string enum; null leaves it
// alone.
func jsonString[S ~string](r *jsonReader, p *S) {
	switch r.next() {
	case '"':
		if s, ok := r.str(); ok {
			*p = S(s)
		}
	case 'n':
		r.literal("null")
	default:
		r.bad = true
	}
}

// jsonInt decodes an integer that fits an int; null leaves it alone.
func jsonInt(r *jsonReader, p *int) {
	switch c := r.next(); {
	case c == '-' || '0' <= c && c <= '9':
		num, integer := r.number()
		if r.bad {
			return
		}
		n, ok := jsonParseInt(num)
		if !integer || !ok {
			r.bad = true
			return
		}
		*p = n
	case c == 'n':
		r.literal("null")
	default:
		r.bad = true
	}
}

// jsonParseInt parses a JSON integer as strconv.ParseInt would, reporting
// false where that fails or the value does not fit an int.
func jsonParseInt(num []byte) (int, bool) {
	neg := len(num) > 0 && num[0] == '-'
	if neg {
		num = num[1:]
	}
	if len(num) == 0 || len(num) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range num {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	var n int64
	switch {
	case neg && u <= 1<<63:
		n = int64(-u)
	case !neg && u <= math.MaxInt64:
		n = int64(u)
	default:
		return 0, false
	}
	if int64(int(n)) != n {
		return 0, false
	}
	return int(n), true
}

// jsonFloat decodes a number into a float64; null leaves it alone.
func jsonFloat(r *jsonReader, p *float64) {
	switch c := r.next(); {
	case c == '-' || '0' <= c && c <= '9':
		num, _ := r.number()
		if r.bad {
			return
		}
		f, ok := jsonParseFloat(num)
		if !ok {
			r.bad = true
			return
		}
		*p = f
	case c == 'n':
		r.literal("null")
	default:
		r.bad = true
	}
}

// jsonParseFloat parses a JSON number as strconv.ParseFloat(num, 64) does,
// reporting false where that fails (out of range). Numbers with at most 19
// significant digits whose mantissa and power of ten are both exact in a
// float64 take the exact shortcut: one correctly rounded multiplication or
// division gives the correctly rounded result.
func jsonParseFloat(num []byte) (float64, bool) {
	var mant uint64
	digits, exp, i := 0, 0, 0
	neg := num[0] == '-'
	if neg {
		i++
	}
	point := false
	for ; i < len(num) && num[i] != 'e' && num[i] != 'E'; i++ {
		c := num[i]
		if c == '.' {
			point = true
			continue
		}
		if mant != 0 || c != '0' {
			digits++
		}
		if digits > 19 {
			return jsonParseFloatSlow(num)
		}
		mant = mant*10 + uint64(c-'0')
		if point {
			exp--
		}
	}
	if i < len(num) {
		e, ok := jsonSmallExp(num[i+1:])
		if !ok {
			return jsonParseFloatSlow(num)
		}
		exp += e
	}
	if mant > 1<<53 || exp < -22 || exp > 22 {
		return jsonParseFloatSlow(num)
	}
	f := float64(mant)
	if exp < 0 {
		f /= math.Pow10(-exp)
	} else {
		f *= math.Pow10(exp)
	}
	if neg {
		f = -f
	}
	return f, true
}

// jsonSmallExp parses an exponent of at most four digits.
func jsonSmallExp(e []byte) (int, bool) {
	neg := false
	if len(e) > 0 && (e[0] == '+' || e[0] == '-') {
		neg = e[0] == '-'
		e = e[1:]
	}
	if len(e) == 0 || len(e) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range e {
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// jsonParseFloatSlow is strconv.ParseFloat.
func jsonParseFloatSlow(num []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(num), 64)
	return f, err == nil
}

// jsonBool decodes true or false; null leaves the value alone.
func jsonBool(r *jsonReader, p *bool) {
	switch r.next() {
	case 't':
		r.literal("true")
		*p = true
	case 'f':
		r.literal("false")
		*p = false
	case 'n':
		r.literal("null")
	default:
		r.bad = true
	}
}

// jsonTime decodes a time.Time with its UnmarshalJSON method, given the
// value's bytes as encoding/json gives them.
func jsonTime(r *jsonReader, p *time.Time) {
	raw := r.raw()
	if r.bad {
		return
	}
	if err := p.UnmarshalJSON(raw); err != nil {
		r.bad = true
	}
}

// jsonRaw decodes a json.RawMessage: a copy of the value's bytes as they
// are in the input ("null" for null), as encoding/json stores them.
func jsonRaw(r *jsonReader, p *json.RawMessage) {
	raw := r.raw()
	if r.bad {
		return
	}
	*p = append((*p)[:0], raw...)
}

// jsonAny decodes a value into an interface as encoding/json does:
// map[string]any, []any, float64, string, bool or nil.
func jsonAny(r *jsonReader, p *any) {
	switch c := r.next(); c {
	case '{':
		var m map[string]any
		if jsonMap(r, &m, jsonAny); !r.bad {
			*p = m
		}
	case '[':
		var s []any
		if jsonSlice(r, &s, jsonAny); !r.bad {
			*p = s
		}
	case '"':
		if s, ok := r.str(); ok {
			*p = string(s)
		}
	case 't', 'f':
		var b bool
		jsonBool(r, &b)
		*p = b
	case 'n':
		r.literal("null")
		*p = nil
	default:
		var f float64
		jsonFloat(r, &f)
		*p = f
	}
}

// jsonPtr decodes an optional value: null sets nil, anything else a new
// value decoded by dec.
func jsonPtr[T any](r *jsonReader, p **T, dec func(*jsonReader, *T)) {
	if r.next() == 'n' {
		r.literal("null")
		*p = nil
		return
	}
	v := new(T)
	dec(r, v)
	*p = v
}

// jsonSlice decodes an array with dec for each element: null sets nil, []
// an empty slice that is not nil, as encoding/json does.
func jsonSlice[T any](r *jsonReader, p *[]T, dec func(*jsonReader, *T)) {
	switch r.next() {
	case '[':
	case 'n':
		r.literal("null")
		*p = nil
		return
	default:
		r.bad = true
		return
	}
	if !r.enter() {
		return
	}
	s := (*p)[:0]
	if r.next() == ']' {
		r.pos++
		r.depth--
		if s == nil {
			s = []T{}
		}
		*p = s
		return
	}
	for {
		// Extending by a zeroed element compiles to less code per element
		// type than appending a zero value, which copies a T.
		s = append(s, make([]T, 1)...)
		dec(r, &s[len(s)-1])
		if r.bad || !r.more(']') {
			break
		}
	}
	*p = s
}

// jsonMap decodes an object into a map with dec for each value: null sets
// nil. Each value is decoded into a fresh zero value and a repeated key
// replaces the earlier one, as encoding/json does.
func jsonMap[T any](r *jsonReader, p *map[string]T, dec func(*jsonReader, *T)) {
	switch r.next() {
	case '{':
	case 'n':
		r.literal("null")
		*p = nil
		return
	default:
		r.bad = true
		return
	}
	if !r.enter() {
		return
	}
	m := *p
	if m == nil {
		m = map[string]T{}
		*p = m
	}
	if r.next() == '}' {
		r.pos++
		r.depth--
		return
	}
	v := new(T)
	for {
		k, ok := r.key()
		if !ok {
			return
		}
		key := string(k)
		var zero T
		*v = zero
		if dec(r, v); r.bad {
			return
		}
		m[key] = *v
		if !r.more('}') {
			return
		}
	}
}
