package openapi

import (
	"fmt"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/clientgen/clientgen/spec"
)

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// validJSONName mirrors the catalog's rule for JSON names in struct tags.
func validJSONName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if isLetterOrDigit(r) || r == ' ' || strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~", r) {
			continue
		}
		return false
	}
	return true
}

// goIdent is spec.GoName made a valid exported identifier ("1d" → "X1d").
func goIdent(s string) string {
	g := spec.GoName(s)
	if g == "" {
		return "X"
	}
	if !token.IsIdentifier(g) || !token.IsExported(g) {
		g = "X" + g
		if !token.IsIdentifier(g) {
			var b strings.Builder
			for _, r := range g {
				if r < 128 && isLetterOrDigit(r) {
					b.WriteRune(r)
				}
			}
			g = b.String()
		}
	}
	return g
}

// snake writes s as a snake_case endpoint name ("getPetById" → "get_pet_by_id").
func snake(s string) string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !(r < 128 && isLetterOrDigit(r)) {
			flush()
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	name := strings.Join(words, "_")
	if name == "" || !(name[0] >= 'a' && name[0] <= 'z') {
		name = "op_" + name
	}
	return strings.TrimRight(name, "_")
}

// namespace hands out distinct Go names.
type namespace map[string]bool

// claim returns the first free name among want, want+"Model", want+"2"...,
// where free also means every extra(name) is free; it claims them all.
func (ns namespace) claim(want string, reserved func(string) bool, extra func(string) []string) string {
	cands := []string{want, want + "Model"}
	for i := 2; i < 1000000; i++ {
		for _, c := range cands {
			if ns.free(c, reserved, extra) {
				ns[c] = true
				for _, x := range extra(c) {
					ns[x] = true
				}
				return c
			}
		}
		cands = []string{want + strconv.Itoa(i)}
	}
	return want
}

func (ns namespace) free(c string, reserved func(string) bool, extra func(string) []string) bool {
	if ns[c] || reserved(c) {
		return false
	}
	xs := extra(c)
	for i, x := range xs {
		if ns[x] || reserved(x) || slices.Contains(xs[:i], x) {
			return false
		}
	}
	return true
}

// finish resolves Go names, breaks recursion through required fields and
// derives the error paths.
func (m *mapper) finish() {
	m.flattenAllOf()
	m.breakCycles()
	pkg := namespace{}
	for _, t := range m.cat.types {
		var words []string
		if t.kind == kindEnum {
			// the catalog's own names, which enum_go_names overrides
			catalogWord := spec.GoName
			derive := symbolsOrGoName
			if t.enumBase != "" {
				catalogWord, derive = spec.IntEnumWord, spec.IntEnumWord
			}
			words = enumWords(t.enum, derive)
			for i, v := range t.enum {
				if words[i] != catalogWord(v) {
					t.enumGoNames = append(t.enumGoNames, [2]string{v, words[i]})
				}
			}
		}
		t.goName = pkg.claim(goIdent(t.name), spec.IsReservedName, func(g string) []string {
			var xs []string
			for _, w := range words {
				xs = append(xs, g+w)
			}
			if len(words) > 0 {
				xs = append(xs, g+"Values")
			}
			return xs
		})
		fields := namespace{}
		for _, f := range t.fields {
			f.goName = fields.claim(goIdent(f.json), func(string) bool { return false }, noExtra)
		}
	}
	methods := namespace{}
	reservedMethod := func(s string) bool { return slices.Contains(spec.ReservedMethodNames(), s) }
	for _, e := range m.cat.endpoints {
		// The method name is taken when the name of its Params struct
		// (query or headers), or of its result struct (responses), would
		// be: a type (or a runtime name) of the package has that name.
		var structs []string
		if len(e.query) > 0 || len(e.headers) > 0 {
			structs = append(structs, "Params")
		}
		if len(e.responses) > 0 {
			structs = append(structs, "Response")
		}
		e.goName = methods.claim(goIdent(e.name), func(g string) bool {
			return reservedMethod(g) || slices.ContainsFunc(structs, func(s string) bool { return pkg[g+s] || spec.IsReservedName(g+s) })
		}, noExtra)
		for _, s := range structs {
			pkg[e.goName+s] = true
		}
		q := namespace{}
		for _, p := range append(slices.Clone(e.query), e.headers...) {
			p.goName = q.claim(goIdent(p.name), func(string) bool { return false }, noExtra)
		}
	}
}

func noExtra(string) []string { return nil }

// enumWords names the constant of each enum value after its type's Go
// name: derive(value) (GoName, or IntEnumWord for an integer enum), or,
// when an earlier value or the <Type>Values function has that name,
// derive(value) + "_2", "_3"…, which no value takes since neither writes
// "_". The catalog's enum_go_names carries the names that differ from
// derive(value).
func enumWords(values []string, derive func(string) string) []string {
	seen := map[string]int{"Values": 1}
	words := make([]string, len(values))
	for i, v := range values {
		w := derive(v)
		seen[w]++
		if n := seen[w]; n > 1 {
			w += "_" + strconv.Itoa(n)
		}
		words[i] = w
	}
	return words
}

// symbolsOrGoName names the constant of a string enum value: its Go
// name, or, for a value without a letter or digit ("+", "<=", "*"), the
// names of its symbols (Plus, LtEq, Star), a character without one as
// U and its code point.
func symbolsOrGoName(v string) string {
	if w := spec.GoName(v); w != "" {
		return w
	}
	var b strings.Builder
	for _, r := range v {
		if w, ok := symbolWord(r); ok {
			b.WriteString(w)
		} else {
			fmt.Fprintf(&b, "U%04X", r)
		}
	}
	return b.String()
}

// symbolWord is the name of a symbol in an enum constant's name.
func symbolWord(r rune) (string, bool) {
	const symbols = "+-*/\\<>=!~^&|%.,:;?#@$_ '\"()[]{}`"
	words := [...]string{"Plus", "Minus", "Star", "Slash", "Backslash", "Lt", "Gt", "Eq", "Not", "Tilde", "Caret",
		"And", "Or", "Percent", "Dot", "Comma", "Colon", "Semicolon", "Question", "Hash", "At", "Dollar",
		"Underscore", "Space", "Quote", "DoubleQuote", "LParen", "RParen", "LBracket", "RBracket", "LBrace", "RBrace", "Backquote"}
	if i := strings.IndexRune(symbols, r); i >= 0 {
		return words[i], true
	}
	return "", false
}

// argReserved says whether a path parameter cannot become an argument name.
func argReserved(name string) bool {
	a := spec.GoArgName(name)
	return a == "" || !token.IsIdentifier(a) || token.IsKeyword(a) || slices.Contains(spec.ReservedArgNames(), a) || isPredeclared(a)
}

func isPredeclared(s string) bool {
	switch s {
	case "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64",
		"int", "int8", "int16", "int32", "int64", "rune", "string",
		"uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any",
		"true", "false", "iota", "nil",
		"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
		"max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// breakCycles makes a required (or nullable) field optional where object
// types would contain themselves by value.
func (m *mapper) breakCycles() {
	state := map[*ctype]int{}
	var visit func(t *ctype)
	visit = func(t *ctype) {
		state[t] = 1
		for _, f := range t.fields {
			if !f.required && !f.nullable {
				continue
			}
			ft := m.byName[f.typ]
			if ft == nil || !ft.isObject() {
				continue
			}
			switch state[ft] {
			case 1:
				f.notes = append(f.notes, m.warn(f.pos, "type %s field %q: %s would contain itself by value; the field is optional and not nullable", t.name, f.json, ft.name))
				f.required, f.nullable = false, false
			case 0:
				visit(ft)
			}
		}
		for _, p := range t.allOf {
			if pt := m.byName[p]; pt != nil && state[pt] == 0 {
				visit(pt)
			}
		}
		state[t] = 2
	}
	for _, t := range m.cat.types {
		if state[t] == 0 {
			visit(t)
		}
	}
}

func specGoName(s string) string { return spec.GoName(s) }
