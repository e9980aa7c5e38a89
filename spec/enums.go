package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// enumBases are the values of an enum's type key: the Go type of its
// values. A string enum needs none; an enum whose first value is an
// integer is an integer enum of Go's int unless its type says int32 or
// int64.
var enumBases = map[string]Kind{"string": KindString, "integer": KindInteger, "int32": KindInt32, "int64": KindInt64}

// enumBaseNames lists the keys of enumBases, for messages.
const enumBaseNames = "string, integer, int32 or int64"

// enum walks a type's enum values; m is the type's mapping, for its type
// and enum_go_names. It sets t.EnumBase.
func (l *loader) enum(n *yaml.Node, m *mapNode, t *Type) []EnumValue {
	ctx := fmt.Sprintf("type %q", t.Name)
	base, why, ok := l.enumBase(n, m, ctx)
	if !ok {
		return nil
	}
	t.EnumBase = base
	var nodes []*yaml.Node
	var values []string
	var ints []int64
	if base == KindString {
		nodes, values, _ = l.strList(n, ctx, "enum", true)
	} else {
		nodes, values, ints = l.intEnumValues(n, base, why, ctx)
	}
	if t.GoName != "" && len(nodes) > 0 {
		l.pkgNames = append(l.pkgNames, pkgName{
			goName: t.GoName + "Values",
			what:   fmt.Sprintf("values function of enum type %q", t.Name),
			node:   n,
			fix:    "rename one of the types or set go_name",
		})
	}
	words := l.enumGoNames(m, values, base != KindString, ctx)
	var out []EnumValue
	for i, v := range values {
		if base == KindString {
			if problem := enumValueProblem(nodes[i], why); problem != "" {
				l.errorf(nodes[i], "%senum value %s", at(ctx), problem)
				continue
			}
		}
		word, node := enumWord(v, base), nodes[i]
		if w, ok := words[v]; ok {
			word, node = w.Value, w
		}
		if word == "" {
			l.errorf(nodes[i], "%senum value %q has no letters or digits to name its Go constant; name its constant in enum_go_names", at(ctx), v)
			continue
		}
		ev := EnumValue{Value: v, GoName: t.GoName + word}
		if ints != nil {
			ev.Int = ints[i]
		}
		l.pkgNames = append(l.pkgNames, pkgName{
			goName: ev.GoName,
			what:   fmt.Sprintf("enum value %s of type %q", enumValueText(v, base), t.Name),
			node:   node,
			fix:    fmt.Sprintf("name the value in enum_go_names (e.g. enum_go_names: {%s: %s_2}) or drop one of the values", enumValueText(v, base), word),
		})
		out = append(out, ev)
	}
	return out
}

// enumBase returns the kind of an enum's values, from the type's type key
// or else from its first value (a number makes an integer enum, where a
// float is then refused), and why it is that kind (for messages about a
// value of another kind). It reports an enum that is not a
// non-empty list, and a type that no enum can have.
func (l *loader) enumBase(n *yaml.Node, m *mapNode, ctx string) (Kind, string, bool) {
	d := deref(n)
	if d == nil || d.Kind != yaml.SequenceNode {
		l.errorf(n, "%senum must be a list of strings or of integers, got %s", at(ctx), describe(n))
		return 0, "", false
	}
	if len(d.Content) == 0 {
		l.errorf(n, "%senum must not be an empty list", at(ctx))
		return 0, "", false
	}
	if tn := m.get("type"); tn != nil {
		s, ok := l.str(tn, ctx, "type")
		if !ok {
			return 0, "", false
		}
		base, known := enumBases[s]
		if !known {
			l.errorf(tn, "%stype %s cannot be the type of an enum's values (want %s)", at(ctx), s, enumBaseNames)
			return 0, "", false
		}
		return base, "its type is " + s, true
	}
	switch first := deref(d.Content[0]); first.ShortTag() {
	case "!!int", "!!float":
		return KindInteger, "its first value is the number " + first.Value, true
	}
	return KindString, "its first value is a string", true
}

// intEnumValues checks the values of an integer enum of kind base (why
// says what made it one) and returns them with their decimal forms. Each
// must be a YAML integer written in decimal, as JSON writes it (YAML also
// reads 0x1F, 017 and 1_000, which other tools read differently), that
// fits the enum's Go type on every platform; no value may be listed twice.
func (l *loader) intEnumValues(n *yaml.Node, base Kind, why, ctx string) ([]*yaml.Node, []string, []int64) {
	var nodes []*yaml.Node
	var values []string
	var ints []int64
	seen := map[int64]*yaml.Node{}
	for _, item := range deref(n).Content {
		d := deref(item)
		var v int64
		switch {
		case d.Kind == yaml.ScalarNode && d.ShortTag() == "!!str":
			l.errorf(item, "%senum value %q is a string, but the enum holds integers (%s); an enum holds strings or integers, not both", at(ctx), d.Value, why)
			continue
		case d.Kind != yaml.ScalarNode || d.ShortTag() != "!!int":
			l.errorf(item, "%senum value %s is not an integer (an integer enum holds whole numbers: %s)", at(ctx), describe(item), why)
			continue
		case d.Decode(&v) != nil:
			l.errorf(item, "%senum value %s does not fit an int64", at(ctx), d.Value)
			continue
		case strconv.FormatInt(v, 10) != d.Value:
			l.errorf(item, "%senum value %s: write the integer in decimal, as JSON does (%d)", at(ctx), d.Value, v)
			continue
		}
		if fits := enumFits(v, base); fits != "" {
			l.errorf(item, "%senum value %d %s", at(ctx), v, fits)
			continue
		}
		if first, dup := seen[v]; dup {
			l.errorf(item, "%senum lists %d twice (first at line %d)", at(ctx), v, first.Line)
			continue
		}
		seen[v] = item
		nodes = append(nodes, item)
		values = append(values, strconv.FormatInt(v, 10))
		ints = append(ints, v)
	}
	return nodes, values, ints
}

// enumFits says why v is out of the range of an integer enum of kind
// base, or "". Go's int is an int32 on 32-bit platforms, where a larger
// constant would not compile.
func enumFits(v int64, base Kind) string {
	if v >= math.MinInt32 && v <= math.MaxInt32 || base == KindInt64 {
		return ""
	}
	if base == KindInt32 {
		return "does not fit an int32, the enum's type; give it type: int64"
	}
	return "does not fit an int on 32-bit platforms (an integer enum is a Go int); give the enum type: int64"
}

// enumWord is the part of a value's constant name after its type's Go
// name: GoName of a string value, IntEnumWord of an integer.
func enumWord(v string, base Kind) string {
	if base == KindString {
		return GoName(v)
	}
	return IntEnumWord(v)
}

// IntEnumWord is the part of the constant name of an integer enum's value
// v, in decimal, after its type's Go name: its digits, after Minus when it
// is negative (Level2, LevelMinus1).
func IntEnumWord(v string) string {
	if digits, neg := strings.CutPrefix(v, "-"); neg {
		return "Minus" + digits
	}
	return v
}

// enumValueText writes an enum value as messages and the catalog show
// it: a string in quotes, an integer as it is.
func enumValueText(v string, base Kind) string {
	if base == KindString {
		return strconv.Quote(v)
	}
	return v
}

// enumGoNames reads a type's enum_go_names: for some of the enum's values,
// the part of the constant's name after the type's Go name, instead of
// the derived one. Its keys are the values; those of an integer enum
// (ints) are read as integers. It returns the node of each valid name by
// value.
func (l *loader) enumGoNames(m *mapNode, values []string, ints bool, ctx string) map[string]*yaml.Node {
	n := m.get("enum_go_names")
	if n == nil {
		return nil
	}
	nm := l.mapping(n, m.keyNode("enum_go_names"), ctx+" enum_go_names", "value", nil)
	if nm == nil {
		return nil
	}
	out := map[string]*yaml.Node{}
	for _, e := range nm.entries {
		value := e.name
		var v int64
		if k := deref(e.key); ints && k.ShortTag() == "!!int" && k.Decode(&v) == nil {
			value = strconv.FormatInt(v, 10)
		}
		if !contains(values, value) {
			l.errorf(e.key, "%s%q is not a value of the enum%s", at(nm.ctx), e.name, suggest(e.name, values))
			continue
		}
		s, ok := l.nonEmpty(e.val, nm.ctx, e.name)
		if !ok {
			continue
		}
		if strings.ContainsFunc(s, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			l.errorf(e.val, "%s%q: %q cannot end a Go constant name (want letters, digits and _)", at(nm.ctx), e.name, s)
			continue
		}
		out[value] = deref(e.val)
	}
	return out
}

// enumValueProblem returns why the value n of a string enum (why says
// what made it one) is not exactly a string, or "": a number or boolean
// is refused rather than taken as written, and so is a plain word that
// YAML 1.1 reads as a boolean (yes, on, ...), which other tools would
// read differently.
func enumValueProblem(n *yaml.Node, why string) string {
	d := deref(n)
	if d.ShortTag() != "!!str" {
		return fmt.Sprintf("%s is not a string (the enum holds strings: %s; write '%s' in quotes if that is the value)", describe(d), why, d.Value)
	}
	if d.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 && YAML11Bool(d.Value) {
		return fmt.Sprintf("%q is a boolean in YAML 1.1 (write '%s' in quotes to mean the string)", d.Value, d.Value)
	}
	return ""
}

// YAML11Bool reports whether a plain scalar s is a boolean in YAML 1.1
// (yes, no, on, off…), which a catalog refuses unquoted where it wants a
// string: writers of catalogs quote such a value.
func YAML11Bool(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF":
		return true
	}
	return false
}

// enumDefault checks a field's default d against the enum t and returns
// it as the Go value to write as JSON: a value the enum lists, an integer
// for an integer enum. It returns false after reporting what is wrong.
func (l *loader) enumDefault(v, d *yaml.Node, t *Type, ctx string) (any, bool) {
	var x any = d.Value
	value := d.Value
	if t.IsIntEnum() {
		var n int64
		if d.ShortTag() != "!!int" || d.Decode(&n) != nil {
			l.errorf(v, "%sdefault: want a whole number for a field of the integer enum %s, got %s", at(ctx), t.Name, describe(v))
			return nil, false
		}
		x, value = n, strconv.FormatInt(n, 10)
	}
	for _, e := range t.Enum {
		if e.Value == value {
			return x, true
		}
	}
	l.errorf(v, "%sdefault %s is not a value of enum %s", at(ctx), enumValueText(value, t.EnumBase), t.Name)
	return nil, false
}
