package rt

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The primitives of the fast JSON decoder (jsoncodec_rt.go): the reader
// and encoding/json's folding of field names.

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
