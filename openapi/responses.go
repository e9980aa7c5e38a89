package openapi

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// rangeCode says whether a response code is the 2XX range.
func rangeCode(code string) bool { return strings.EqualFold(code, "2XX") }

// statusKey says whether a response key is one OpenAPI defines: a status
// code, a range from 1XX to 5XX, or default.
func statusKey(code string) bool {
	if n, err := strconv.Atoi(code); err == nil && n >= 100 && n <= 599 || code == "default" {
		return true
	}
	return len(code) == 3 && code[0] >= '1' && code[0] <= '5' && strings.EqualFold(code[1:], "XX")
}

// withoutContent drops the body a response declares where HTTP has none:
// a 204 answer, or any answer to HEAD. With a type there, every such
// answer would be an error, its empty body where the catalog wants one.
func (m *mapper) withoutContent(o *op, e *endpoint, r opResponse) opResponse {
	if len(r.media) == 0 {
		return r
	}
	what := "a 204 answer"
	if o.method == "HEAD" {
		what = "the answer to HEAD"
	} else if code, err := strconv.Atoi(r.code); err != nil || code != 204 {
		return r
	}
	e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s %s: response %s declares a body, but %s has none; imported without one", o.method, o.path, r.code, what))
	r.media, r.schema, r.json = nil, nil, false
	return r
}

// response maps the 2xx answers of an operation. Where every body is JSON
// (or absent), jsonResponses gives one type for all of them or a type per
// status; a body that is not JSON has no place in responses (a type per
// status is JSON only), so then the lowest answer is the method's.
func (m *mapper) response(o *op, e *endpoint, ctx string) {
	where := o.method + " " + o.path
	var ok []opResponse
	for _, r := range o.responses {
		code, err := strconv.Atoi(r.code)
		switch {
		case !statusKey(r.code):
			e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: response key %q is not a status code, a range such as 2XX, or default; left out", where, r.code))
		case rangeCode(r.code) && slices.ContainsFunc(ok, func(r opResponse) bool { return rangeCode(r.code) }):
			e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: response %s is the 2XX range again; left out", where, r.code))
		case err == nil && code >= 200 && code < 300 || rangeCode(r.code):
			ok = append(ok, m.withoutContent(o, e, r))
		}
	}
	// by status, the 2XX range last; a status written twice ("0200"), after
	// its plain form
	rank := func(r opResponse) (int, bool) {
		if rangeCode(r.code) {
			return 300, false
		}
		code, _ := strconv.Atoi(r.code)
		return code, strconv.Itoa(code) != r.code
	}
	sort.SliceStable(ok, func(i, j int) bool {
		ci, oddi := rank(ok[i])
		cj, oddj := rank(ok[j])
		return ci < cj || ci == cj && !oddi && oddj
	})
	for _, r := range ok {
		if len(r.extra) > 0 {
			e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: response %s %s not expressible; left out", where, r.code, strings.Join(r.extra, " and ")))
		}
	}
	if len(ok) == 0 {
		if len(o.responses) > 0 {
			e.notes = append(e.notes, m.warn(at(o.node, o.pointer), "%s: no 2xx response declared; the method returns no value", where))
		}
		return
	}
	if slices.ContainsFunc(ok, func(r opResponse) bool { return len(r.media) > 0 && !r.json }) {
		m.lowestResponse(o, e, ctx, ok)
		return
	}
	m.jsonResponses(o, e, ctx, ok)
}

// lowestResponse maps the lowest 2xx answer, and warns about every other
// body: the method reads each 2xx as that one.
func (m *mapper) lowestResponse(o *op, e *endpoint, ctx string, ok []opResponse) {
	where := o.method + " " + o.path
	first := ok[0]
	if len(first.media) == 0 {
		return
	}
	if !first.json {
		m.nonJSONResponse(o, e, first)
		for _, r := range ok[1:] {
			if len(r.media) > 0 && !slices.Equal(r.media, first.media) {
				e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: response %s has a body of its own; the method reads every 2xx as the %s one", where, r.code, first.code))
			}
		}
		return
	}
	e.response, _ = m.expr(first.schema, ctx+"Response")
	m.otherMedia(o, e, first)
	for _, r := range ok[1:] {
		if len(r.media) == 0 {
			e.responseOptional = true
			continue
		}
		if r.json && r.schema != nil && first.schema != nil && r.schema.GetReference() != "" && r.schema.GetReference() == first.schema.GetReference() {
			continue
		}
		e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: response %s has a body of its own; the method decodes every 2xx as the %s one", where, r.code, first.code))
	}
}

// otherMedia warns about the media types of JSON responses besides the
// JSON one the client asks for; responses that list the same others (in
// Swagger 2.0, the operation's produces) share one warning.
func (m *mapper) otherMedia(o *op, e *endpoint, rs ...opResponse) {
	var order []string
	codes := map[string][]string{}
	first := map[string]opResponse{}
	for _, r := range rs {
		others := strings.Join(without(r.media, jsonMedia), ", ")
		if others == "" {
			continue
		}
		if _, seen := codes[others]; !seen {
			order = append(order, others)
			first[others] = r
		}
		codes[others] = append(codes[others], r.code)
	}
	for _, others := range order {
		what := "response " + codes[others][0]
		if len(codes[others]) > 1 {
			what = "responses " + strings.Join(codes[others], ", ")
		}
		e.notes = append(e.notes, m.warn(at(first[others].node, o.pointer), "%s %s: %s media types %s not imported; the client asks for JSON", o.method, o.path, what, others))
	}
}

// schemaKey identifies the schema of a JSON response: its $ref, or the
// hash of an inline schema (two inline schemas alike are one).
func schemaKey(r opResponse) string {
	switch {
	case r.schema == nil:
		return "none" // JSON without a schema: any
	case r.schema.IsReference():
		return "ref " + r.schema.GetReference()
	case r.schema.GoLow() == nil:
		return fmt.Sprintf("inline %p", r.schema)
	}
	return fmt.Sprintf("inline %x", r.schema.GoLow().Hash())
}

// jsonResponses maps 2xx answers whose bodies are JSON or absent. When
// every body has one type, that type is the response, optional when some
// answer has none (a 201 with the created object or a 204: the method
// returns nil for the 204); otherwise each status gets its type (null
// without a body) in responses, whose method tells the statuses apart. A
// 2XX range cannot be listed in responses, where a 2xx status not listed
// sets Status only: a range without a body needs nothing more, and one
// with a body is warned about when its type is not every body's.
func (m *mapper) jsonResponses(o *op, e *endpoint, ctx string, ok []opResponse) {
	var bodies []opResponse // the statuses with a body
	var rng *opResponse     // the 2XX range, when it has a body
	for i, r := range ok {
		switch {
		case len(r.media) == 0:
		case rangeCode(r.code):
			rng = &ok[i]
		default:
			bodies = append(bodies, r)
		}
	}
	withBody := bodies
	if rng != nil {
		withBody = append(slices.Clone(bodies), *rng)
	}
	if len(withBody) == 0 {
		return
	}
	bodiless := len(ok) > len(withBody)
	key := schemaKey
	if len(withBody) == 1 {
		key = func(opResponse) string { return "" } // nothing to tell apart
	}
	oneSchema := !slices.ContainsFunc(withBody, func(r opResponse) bool { return key(r) != key(withBody[0]) })
	// An inline schema's type is named for the endpoint's response, or for
	// its status; <Endpoint>Response is the name of the result struct of
	// a type per status.
	name := func(r opResponse) string {
		if oneSchema {
			return ctx + "Response"
		}
		return ctx + "Response" + r.code
	}
	types := map[string]string{}
	typeOf := func(r opResponse) string {
		k := key(r)
		if t, seen := types[k]; seen {
			return t
		}
		t, _ := m.expr(r.schema, name(r))
		types[k] = t
		return t
	}
	same := !slices.ContainsFunc(bodies, func(r opResponse) bool { return typeOf(r) != typeOf(bodies[0]) })
	if same && rng != nil && len(bodies) > 0 && key(*rng) != key(bodies[0]) {
		// the range's schema may map to the statuses' type all the same;
		// when it does not, its body is not read, and what its mapping
		// declared is dropped
		types0, warnings0 := len(m.cat.types), len(m.warnings)
		if typeOf(*rng) != typeOf(bodies[0]) {
			same = false
			delete(types, key(*rng))
			m.forget(types0, warnings0)
		}
	}
	if same {
		e.response = typeOf(withBody[0])
		e.responseOptional = bodiless
		m.otherMedia(o, e, withBody...)
		return
	}
	var listed []opResponse
	for _, r := range ok {
		if rangeCode(r.code) {
			if len(r.media) > 0 {
				e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s %s: response %s has a body of its own; the method has a type per listed status, and a 2xx status not listed sets Status only (its body is not read)", o.method, o.path, r.code))
			}
			continue
		}
		code, _ := strconv.Atoi(r.code)
		if slices.ContainsFunc(e.responses, func(s statusType) bool { return s.status == code }) {
			e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s %s: response %s is status %d again; left out", o.method, o.path, r.code, code))
			continue
		}
		st := statusType{status: code}
		if len(r.media) > 0 {
			st.typ = typeOf(r)
			listed = append(listed, r)
		}
		e.responses = append(e.responses, st)
	}
	m.otherMedia(o, e, listed...)
}
