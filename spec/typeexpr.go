package spec

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// scalarKind maps the built-in type expressions to their kinds.
func scalarKind(s string) (Kind, bool) {
	switch s {
	case "string":
		return KindString, true
	case "integer":
		return KindInteger, true
	case "number":
		return KindNumber, true
	case "boolean":
		return KindBoolean, true
	case "date-time":
		return KindDateTime, true
	case "any":
		return KindAny, true
	case "int32":
		return KindInt32, true
	case "int64":
		return KindInt64, true
	case "float":
		return KindFloat32, true
	case "double":
		return KindNumber, true
	case "date":
		return KindDate, true
	case "uuid", "uri":
		return KindString, true
	case "base64":
		return KindBytes, true
	}
	return 0, false
}

// typeExprWant lists the valid type expressions for messages.
const typeExprWant = "want string, integer, number, boolean, date-time, any, int32, int64, float, double, date, uuid, uri, base64, []T, map[string]T or a name under types"

// validTypeName reports whether s may name a catalog type: a letter, then
// letters, digits, _ or -. This keeps type expressions unambiguous.
func validTypeName(s string) bool {
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '_' || r == '-')) {
			return false
		}
	}
	return s != ""
}

// typeExpr parses the type expression in n. It reports problems and returns
// nil for an invalid expression.
func (l *loader) typeExpr(n *yaml.Node, ctx, key string) *TypeRef {
	s, ok := l.nonEmpty(n, ctx, key)
	if !ok {
		return nil
	}
	ref, problem := l.parseTypeExpr(s)
	if problem != "" {
		l.errorf(n, "%s%s: %s", at(ctx), key, problem)
		return nil
	}
	return ref
}

// MaxTypeDepth is how many lists and maps a type expression may nest
// ([]map[string][]T nests three). Real APIs stay far below it; deeper
// expressions are refused before anything else is done with them, so that
// neither the loader nor the emitters nor the Go compiler (whose type
// inference gives up around fifty levels) meet them.
const MaxTypeDepth = 32

// parseTypeExpr parses s, or returns what is wrong with it. It strips the
// []  and map[string] prefixes in a loop, so that no nesting, however deep,
// costs stack.
func (l *loader) parseTypeExpr(s string) (*TypeRef, string) {
	var kinds []Kind
	rest := s
	for {
		cur := rest
		if r, ok := strings.CutPrefix(cur, "[]"); ok {
			kinds, rest = append(kinds, KindArray), r
		} else if r, ok := strings.CutPrefix(cur, "map[string]"); ok {
			kinds, rest = append(kinds, KindMap), r
		} else if strings.HasPrefix(cur, "map[") {
			return nil, fmt.Sprintf("invalid type expression %q: map keys must be string (want map[string]T)", cur)
		} else {
			break
		}
		if rest == "" {
			return nil, fmt.Sprintf("invalid type expression %q: missing element type (%s)", cur, typeExprWant)
		}
	}
	if len(kinds) > MaxTypeDepth {
		return nil, fmt.Sprintf("type expression nests %d lists and maps (at most %d); name the inner type: declare an object type under types with a field of the inner expression, and use its name here", len(kinds), MaxTypeDepth)
	}
	ref, problem := l.parseTypeName(rest)
	if problem != "" {
		return nil, problem
	}
	for i := len(kinds) - 1; i >= 0; i-- {
		ref = &TypeRef{Kind: kinds[i], Elem: ref}
	}
	return ref, ""
}

// parseTypeName parses name, the innermost element of a type expression:
// a built-in scalar or a declared type.
func (l *loader) parseTypeName(name string) (*TypeRef, string) {
	if k, ok := scalarKind(name); ok {
		return &TypeRef{Kind: k}, ""
	}
	if !validTypeName(name) {
		return nil, fmt.Sprintf("invalid type expression %q (%s)", name, typeExprWant)
	}
	t, ok := l.types[name]
	if !ok {
		hint := suggest(name, l.typeNames)
		if hint == "" {
			hint = " (declare it under types)"
		}
		return nil, fmt.Sprintf("unknown type %q%s", name, hint)
	}
	return &TypeRef{Kind: KindRef, Ref: t}, ""
}

// isParamScalar reports whether ref can be written as one path or query
// value: a scalar other than any, or an enum.
func (l *loader) isParamScalar(ref *TypeRef) bool {
	switch ref.Kind {
	case KindString, KindInteger, KindNumber, KindBoolean, KindDateTime,
		KindInt32, KindInt64, KindFloat32, KindDate:
		return true
	case KindRef:
		return l.enumTypes[ref.Ref]
	}
	return false
}
