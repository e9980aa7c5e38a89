package rt

// Decoders of nullable fields and of the formats (int32, int64, float,
// date, base64): the fast path of the JSON codec for what the catalog
// declares beyond plain JSON types.

import (
	"encoding/base64"
	"strconv"
)

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
func jsonInt32(r *jsonReader, p *int32) { jsonInteger(r, p) }

// jsonInt64 decodes an integer that fits an int64; null leaves it alone.
func jsonInt64(r *jsonReader, p *int64) { jsonInteger(r, p) }

// jsonInteger decodes an integer that fits T, an integer type or an
// integer enum (which, as encoding/json does, takes any integer that fits,
// listed or not); null leaves it alone. On a platform whose int is 32 bits
// an int64 beyond it is left to encoding/json.
func jsonInteger[T ~int | ~int32 | ~int64](r *jsonReader, p *T) {
	var n int
	if c := r.next(); c == 'n' {
		r.literal("null")
		return
	}
	jsonInt(r, &n)
	if r.bad {
		return
	}
	if int(T(n)) != n {
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
