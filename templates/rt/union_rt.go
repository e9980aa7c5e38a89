package rt

import (
	"encoding/json"
	"fmt"
	"slices"
)

// This file holds what the generated unions (one_of and any_of types) share.

// unionTag reads the discriminator prop of the union named union from
// data, with encoding/json: ok is false for null, which leaves the union
// as it is; a missing discriminator, or one that is not a string, is an
// error.
func unionTag(data []byte, union, prop string) (tag string, ok bool, err error) {
	if string(data) == "null" {
		return "", false, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return "", false, err
	}
	raw, found := probe[prop]
	if !found {
		return "", false, fmt.Errorf("json: %s has no %q to say which of its types it holds", union, prop)
	}
	if err := json.Unmarshal(raw, &tag); err != nil {
		return "", false, fmt.Errorf("json: the %q of %s must be a string, got %s", prop, union, raw)
	}
	return tag, true, nil
}

// unionMarshal writes v, an object, with head, the discriminator already
// encoded ({"kind":"circle"), before its fields.
func unionMarshal(head string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return unionSplice([]byte(head), b), nil
}

// unionSplice appends the object obj to head, an object's opening brace and
// first member, as one object.
func unionSplice(head, obj []byte) []byte {
	if len(obj) == 2 { // {}
		return append(head, '}')
	}
	return append(append(head, ','), obj[1:]...)
}

// unionRawMarshal writes the JSON a union without a discriminator holds:
// null when it holds nothing.
func unionRawMarshal(raw json.RawMessage) ([]byte, error) {
	if raw == nil {
		return []byte("null"), nil
	}
	return raw, nil
}

// jsonUnionTag peeks at the object at r and returns the string value of its
// key prop, without consuming anything; null reports isNull and is
// consumed. It marks r bad where encoding/json's reading could differ or
// fail: not an object, no such key, a value that is not a plain string, a
// repeated key or one that matches only case-insensitively.
func jsonUnionTag(r *jsonReader, prop string) (tag string, isNull bool) {
	if r.bad {
		return "", false
	}
	switch r.next() {
	case 'n':
		r.literal("null")
		return "", true
	case '{':
	default:
		r.bad = true
		return "", false
	}
	s := &jsonReader{data: r.data, pos: r.pos, depth: r.depth}
	s.enter()
	found := false
	if s.next() == '}' {
		r.bad = true
		return "", false
	}
	names := []string{prop}
	for !s.bad {
		k, ok := s.key()
		if !ok {
			break
		}
		switch {
		case string(k) == prop:
			if found || s.next() != '"' {
				r.bad = true
				return "", false
			}
			v, ok := s.str()
			if !ok {
				break
			}
			tag, found = string(v), true
		case jsonFoldMatch(names, k):
			r.bad = true
			return "", false
		default:
			s.skip()
		}
		if s.bad || !s.more('}') {
			break
		}
	}
	if s.bad || !found {
		r.bad = true
		return "", false
	}
	return tag, false
}

// jsonEncUnion writes *p, a member of a union, with head (the opening brace
// and the discriminator) before its fields.
func jsonEncUnion[T any, P interface {
	*T
	jsonFastEncoder
}](w *jsonWriter, head string, p *T) {
	start := len(w.b)
	P(p).encodeJSONFast(w)
	if w.bad {
		return
	}
	obj := w.b[start:]
	insert := head[1:]
	if len(obj) > 2 {
		insert += ","
	}
	w.b = slices.Insert(w.b, start+1, []byte(insert)...)
}
