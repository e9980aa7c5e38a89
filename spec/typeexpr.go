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

// parseTypeExpr parses s, or returns what is wrong with it.
func (l *loader) parseTypeExpr(s string) (*TypeRef, string) {
	if k, ok := scalarKind(s); ok {
		return &TypeRef{Kind: k}, ""
	}
	var (
		kind Kind
		rest string
	)
	switch {
	case strings.HasPrefix(s, "[]"):
		kind, rest = KindArray, s[2:]
	case strings.HasPrefix(s, "map[string]"):
		kind, rest = KindMap, s[len("map[string]"):]
	case strings.HasPrefix(s, "map["):
		return nil, fmt.Sprintf("invalid type expression %q: map keys must be string (want map[string]T)", s)
	default:
		if !validTypeName(s) {
			return nil, fmt.Sprintf("invalid type expression %q (%s)", s, typeExprWant)
		}
		t, ok := l.types[s]
		if !ok {
			hint := suggest(s, l.typeNames)
			if hint == "" {
				hint = " (declare it under types)"
			}
			return nil, fmt.Sprintf("unknown type %q%s", s, hint)
		}
		return &TypeRef{Kind: KindRef, Ref: t}, ""
	}
	if rest == "" {
		return nil, fmt.Sprintf("invalid type expression %q: missing element type (%s)", s, typeExprWant)
	}
	elem, problem := l.parseTypeExpr(rest)
	if problem != "" {
		return nil, problem
	}
	return &TypeRef{Kind: kind, Elem: elem}, ""
}

// isParamScalar reports whether ref can be written as one path or query
// value: a scalar other than any, or a string enum.
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
