package rt

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
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

// jsonReader reads JSON from a byte slice. Every primitive leaves pos after
// the value it read; on input the fast path does not handle it sets bad,
// after which the rest of the decoding does nothing.
type jsonReader struct {
	data  []byte
	pos   int
	depth int  // open objects and arrays
	bad   bool // the input needs encoding/json
	buf   []byte
	// nullField is the first required, non-nullable field found null
	// (Type.json_name), or "".
	nullField string
}

// end reports whether decoding succeeded and only whitespace is left.
func (r *jsonReader) end() bool {
	if r.bad {
		return false
	}
	r.next()
	return r.pos == len(r.data)
}

// next skips whitespace and returns the next byte without consuming it;
// 0 at the end of the input.
func (r *jsonReader) next() byte {
	for r.pos < len(r.data) {
		switch c := r.data[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// literal consumes lit (true, false or null) at pos.
func (r *jsonReader) literal(lit string) {
	if len(r.data)-r.pos >= len(lit) && string(r.data[r.pos:r.pos+len(lit)]) == lit {
		r.pos += len(lit)
		return
	}
	r.bad = true
}

// enter opens an object or array: it consumes the bracket at pos.
func (r *jsonReader) enter() bool {
	r.pos++
	r.depth++
	if r.depth > jsonMaxDepth {
		r.bad = true
		return false
	}
	return true
}

// more is called after a member of an object or an array: it consumes the
// comma and reports true, or the closing bracket and reports false.
func (r *jsonReader) more(closing byte) bool {
	switch r.next() {
	case ',':
		r.pos++
		return true
	case closing:
		r.pos++
		r.depth--
		return false
	}
	r.bad = true
	return false
}

// key reads an object key and the colon after it. The result may alias the
// reader's scratch buffer: it is valid until the next string is read.
func (r *jsonReader) key() ([]byte, bool) {
	if r.next() != '"' {
		r.bad = true
		return nil, false
	}
	k, ok := r.str()
	if !ok {
		return nil, false
	}
	if r.next() != ':' {
		r.bad = true
		return nil, false
	}
	r.pos++
	return k, true
}

// str reads the string at pos (which holds its opening quote) and returns
// its contents unescaped. It may alias the input or the scratch buffer.
func (r *jsonReader) str() ([]byte, bool) {
	d := r.data
	for i := r.pos + 1; i < len(d); i++ {
		c := d[i]
		if c == '"' {
			s := d[r.pos+1 : i]
			r.pos = i + 1
			return s, true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return r.strSlow(i)
		}
	}
	r.bad = true
	return nil, false
}

// strSlow continues str at i, the first byte that is not plain ASCII: it
// checks UTF-8 and undoes escapes as encoding/json does, giving up where
// encoding/json would substitute U+FFFD.
func (r *jsonReader) strSlow(i int) ([]byte, bool) {
	d := r.data
	start := r.pos + 1
	out := r.buf[:0]
	escaped := false
	run := start // start of the bytes not yet copied to out
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			r.pos = i + 1
			if !escaped {
				return d[start:i], true
			}
			out = append(out, d[run:i]...)
			r.buf = out
			return out, true
		case c == '\\':
			out = append(out, d[run:i]...)
			escaped = true
			var ok bool
			if out, i, ok = jsonUnescape(out, d, i); !ok {
				r.bad = true
				return nil, false
			}
			run = i
		case c < 0x20:
			r.bad = true
			return nil, false
		case c < utf8.RuneSelf:
			i++
		default:
			rn, size := utf8.DecodeRune(d[i:])
			if rn == utf8.RuneError && size == 1 {
				r.bad = true
				return nil, false
			}
			i += size
		}
	}
	r.bad = true
	return nil, false
}

// jsonUnescape appends the character of the escape sequence at d[i] (a
// backslash) to out and returns the index after it. A \u escape of a lone
// or mismatched surrogate is refused.
func jsonUnescape(out, d []byte, i int) ([]byte, int, bool) {
	if i+1 >= len(d) {
		return out, i, false
	}
	switch c := d[i+1]; c {
	case '"', '\\', '/':
		return append(out, c), i + 2, true
	case 'b':
		return append(out, '\b'), i + 2, true
	case 'f':
		return append(out, '\f'), i + 2, true
	case 'n':
		return append(out, '\n'), i + 2, true
	case 'r':
		return append(out, '\r'), i + 2, true
	case 't':
		return append(out, '\t'), i + 2, true
	case 'u':
		rn := jsonHex4(d, i+2)
		if rn < 0 {
			return out, i, false
		}
		i += 6
		if utf16.IsSurrogate(rn) {
			if i+1 >= len(d) || d[i] != '\\' || d[i+1] != 'u' {
				return out, i, false
			}
			rn = utf16.DecodeRune(rn, jsonHex4(d, i+2))
			if rn == unicode.ReplacementChar {
				return out, i, false
			}
			i += 6
		}
		return utf8.AppendRune(out, rn), i, true
	}
	return out, i, false
}

// jsonHex4 parses the four hex digits at d[i:], or returns -1.
func jsonHex4(d []byte, i int) rune {
	if i+4 > len(d) {
		return -1
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// skip consumes one value of any kind, checking its syntax as
// encoding/json's scanner does.
func (r *jsonReader) skip() {
	switch c := r.next(); c {
	case '"':
		r.skipString()
	case '{':
		if !r.enter() {
			return
		}
		if r.next() == '}' {
			r.pos++
			r.depth--
			return
		}
		for {
			if r.next() != '"' {
				r.bad = true
				return
			}
			r.skipString()
			if r.bad || r.next() != ':' {
				r.bad = true
				return
			}
			r.pos++
			if r.skip(); r.bad || !r.more('}') {
				return
			}
		}
	case '[':
		if !r.enter() {
			return
		}
		if r.next() == ']' {
			r.pos++
			r.depth--
			return
		}
		for {
			if r.skip(); r.bad || !r.more(']') {
				return
			}
		}
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	default:
		r.number()
	}
}

// skipString consumes the string at pos without decoding it. Like
// encoding/json's scanner it accepts any byte but control characters,
// invalid UTF-8 included.
func (r *jsonReader) skipString() {
	d := r.data
	for i := r.pos + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			r.pos = i + 1
			return
		case c < 0x20:
			r.bad = true
			return
		case c == '\\':
			if i+1 >= len(d) {
				r.bad = true
				return
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if jsonHex4(d, i+2) < 0 {
					r.bad = true
					return
				}
				i += 5
			default:
				r.bad = true
				return
			}
		}
	}
	r.bad = true
}

// raw consumes one value and returns its bytes as they are in the input.
func (r *jsonReader) raw() []byte {
	r.next()
	start := r.pos
	r.skip()
	if r.bad {
		return nil
	}
	return r.data[start:r.pos]
}

// number consumes a number and returns its text; integer reports that it
// has neither a fraction nor an exponent.
func (r *jsonReader) number() (num []byte, integer bool) {
	d, i := r.data, r.pos
	start := i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = jsonDigits(d, i+1)
	default:
		r.bad = true
		return nil, false
	}
	integer = true
	if i < len(d) && d[i] == '.' {
		integer = false
		j := jsonDigits(d, i+1)
		if j == i+1 {
			r.bad = true
			return nil, false
		}
		i = j
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		integer = false
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := jsonDigits(d, i)
		if j == i {
			r.bad = true
			return nil, false
		}
		i = j
	}
	r.pos = i
	return d[start:i], integer
}

// jsonDigits returns the index of the first non-digit at or after i.
func jsonDigits(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
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

// jsonFoldMatch reports whether key equals one of names under
// encoding/json's case folding.
func jsonFoldMatch(names []string, key []byte) bool {
	var kb [64]byte
	var fk []byte
	for _, n := range names {
		if jsonASCII(n) && jsonASCII(string(key)) {
			if len(n) == len(key) && jsonASCIIFoldEqual(n, key) {
				return true
			}
			continue
		}
		if fk == nil {
			fk = jsonFold(kb[:0], string(key))
		}
		var nb [64]byte
		if string(jsonFold(nb[:0], n)) == string(fk) {
			return true
		}
	}
	return false
}

// jsonASCII reports whether s is all ASCII.
func jsonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// jsonASCIIFoldEqual compares ASCII strings of equal length ignoring case.
func jsonASCIIFoldEqual(a string, b []byte) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// jsonFold appends s folded as encoding/json folds names: ASCII letters
// upper-cased, other runes mapped to the smallest rune of their fold set.
func jsonFold(out []byte, s string) []byte {
	for _, rn := range s {
		if rn < utf8.RuneSelf {
			if 'a' <= rn && rn <= 'z' {
				rn -= 'a' - 'A'
			}
			out = append(out, byte(rn))
			continue
		}
		for {
			next := unicode.SimpleFold(rn)
			if next <= rn {
				rn = next
				break
			}
			rn = next
		}
		out = utf8.AppendRune(out, rn)
	}
	return out
}

// jsonStruct decodes a generated object type.
func jsonStruct[T any, P interface {
	*T
	jsonFastDecoder
}](r *jsonReader, p *T) {
	P(p).decodeJSONFast(r)
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
		var zero T
		s = append(s, zero)
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

// jsonNullable decodes a nullable field: null sets it null, anything else
// a value decoded by dec into a fresh T.
func jsonNullable[T any](r *jsonReader, p *Nullable[T], dec func(*jsonReader, *T)) {
	if r.next() == 'n' {
		r.literal("null")
		p.SetNull()
		return
	}
	var v T
	dec(r, &v)
	p.Set(v)
}

// jsonNullError reports null for a required field that is not nullable.
// encoding/json would leave the field zero (an empty string, 0, false),
// which a caller cannot tell from a real value, so the generated codec
// refuses it instead.
type jsonNullError struct {
	Field string // Type.json_name
}

func (e *jsonNullError) Error() string {
	return "json: field " + e.Field + " is required and not nullable, but the JSON has null (mark it nullable: true in the catalog if the server sends null)"
}

// notNull is called before a required, non-nullable field is decoded: on
// null it records the first such field (the decoding goes on, so that a
// syntax error still takes precedence) and returns r.
func (r *jsonReader) notNull(field string) *jsonReader {
	if r.nullField == "" && !r.bad && r.next() == 'n' {
		r.nullField = field
	}
	return r
}

// jsonInt32 decodes an integer that fits an int32; null leaves it alone.
func jsonInt32(r *jsonReader, p *int32) { jsonSizedInt(r, p, math.MinInt32, math.MaxInt32) }

// jsonInt64 decodes an integer that fits an int64; null leaves it alone.
func jsonInt64(r *jsonReader, p *int64) { jsonSizedInt(r, p, math.MinInt64, math.MaxInt64) }

// jsonSizedInt decodes an integer between lo and hi.
func jsonSizedInt[T int32 | int64](r *jsonReader, p *T, lo, hi int64) {
	var n int
	if c := r.next(); c == 'n' {
		r.literal("null")
		return
	}
	jsonInt(r, &n)
	if r.bad {
		return
	}
	if int64(n) < lo || int64(n) > hi {
		r.bad = true
		return
	}
	*p = T(n)
}

// jsonFloat32 decodes a number into a float32 as encoding/json does
// (strconv.ParseFloat with 32 bits); null leaves it alone.
func jsonFloat32(r *jsonReader, p *float32) {
	switch c := r.next(); {
	case c == '-' || '0' <= c && c <= '9':
		num, _ := r.number()
		if r.bad {
			return
		}
		f, err := strconv.ParseFloat(string(num), 32)
		if err != nil {
			r.bad = true
			return
		}
		*p = float32(f)
	case c == 'n':
		r.literal("null")
	default:
		r.bad = true
	}
}

// jsonDate decodes a CivilDate with its UnmarshalJSON method.
func jsonDate(r *jsonReader, p *CivilDate) {
	raw := r.raw()
	if r.bad {
		return
	}
	if err := p.UnmarshalJSON(raw); err != nil {
		r.bad = true
	}
}

// jsonBytes decodes a base64 string into a []byte as encoding/json does:
// null sets nil, "" an empty slice that is not nil. An array of numbers,
// which encoding/json also accepts, is left to it.
func jsonBytes(r *jsonReader, p *[]byte) {
	switch r.next() {
	case '"':
		s, ok := r.str()
		if !ok {
			return
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(b, s)
		if err != nil {
			r.bad = true
			return
		}
		*p = b[:n]
	case 'n':
		r.literal("null")
		*p = nil
	default:
		r.bad = true
	}
}
