package templates

import (
	"go/doc/comment"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// docWidth is where doc comments are wrapped.
const docWidth = 80

// doc renders text as "//" comment lines wrapped at docWidth, one jen
// comment per line. Catalog text cannot end the comment or inject code: it
// is split on every line break, stripped of control characters, and each
// line is written after "// " (jennifer writes a string that starts with
// "//" as it is and never switches to a block comment).
func doc(text string) *jen.Statement {
	s := &jen.Statement{}
	for i, line := range docLines(text) {
		if i > 0 {
			s.Line()
		}
		s.Comment(commentLine(line))
	}
	if len(*s) > 0 {
		s.Line()
	}
	return s
}

// sentence starts a doc comment with name, in the Go style, from a catalog
// description. A description that starts with an article is joined with
// linkVerb ("A pet in the store." makes "Pet is a pet in the store."); any
// other is taken to start with a verb when verbFirst ("Returns one pet."
// makes "GetPet returns one pet.") and is otherwise kept as the catalog
// wrote it: a made-up lead sentence would tell a reader nothing. It returns
// "" when desc is empty. Later paragraphs follow after a blank line.
func sentence(name, linkVerb, desc string, verbFirst bool) string {
	desc = strings.TrimSpace(sanitize(desc))
	if desc == "" {
		return ""
	}
	first, rest, _ := strings.Cut(desc, "\n\n")
	word, _, _ := strings.Cut(first, " ")
	lowered := first
	if r, n := utf8.DecodeRuneInString(word); unicode.IsUpper(r) && !strings.ContainsFunc(word[n:], unicode.IsUpper) {
		lowered = string(unicode.ToLower(r)) + first[n:]
	}
	var out string
	switch strings.ToLower(word) {
	case "a", "an", "the":
		out = name + " " + linkVerb + " " + lowered
	default:
		out = first
		if verbFirst {
			out = name + " " + lowered
		}
	}
	if !strings.HasSuffix(out, ".") {
		out += "."
	}
	if rest = strings.TrimSpace(rest); rest != "" {
		out += "\n\n" + rest
	}
	return out
}

// decl adds one top-level declaration to f, followed by a blank line.
func decl(f *jen.File, code jen.Code) {
	f.Add(code)
	f.Line()
}

// docLines cleans and wraps text into comment lines.
func docLines(text string) []string {
	text = sanitize(text)
	var out []string
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimRight(para, " \t")
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, wrap(para, docWidth-3)...)
	}
	for i, line := range out {
		out[i] = inert(line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	if len(out) == 0 || plainParagraph(out) {
		return out
	}
	return canonical(out)
}

// canonical rewrites comment lines into the canonical form of
// go/doc/comment, as gofmt does with a doc comment (an indented line
// starts a code block, after a blank line, indented with a tab; lists,
// headings and link definitions have their own layout): written in that
// form already, the generated package is gofmt-clean.
// Printing is not always a fixed point ("A" between a code block and a
// paragraph is printed as it is and read again as an old-style heading; a
// list item's continuation is read again as a code block; a run of
// backquotes loses one doubled pair to a typographic quote per reading),
// so it is repeated until it is: what gofmt reads is then what it prints.
// Layout settles within a few passes and each further one takes away a
// doubled quote, which bounds them.
func canonical(lines []string) []string {
	text := strings.Join(lines, "\n") + "\n"
	passes := 8 + strings.Count(text, "``") + strings.Count(text, "''")
	for range passes {
		var p comment.Parser
		canon := string(new(comment.Printer).Comment(p.Parse(text)))
		if canon == text {
			break
		}
		text = canon
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// plainParagraph reports whether lines are one paragraph of text that
// canonical leaves as it is: no blank line (so no heading and no second
// paragraph), no indented line (so no code block and no list), no line
// that may be a link definition or a heading, which are paragraphs of
// their own, and no doubled backquote or single quote, which the printer
// turns into a typographic quote. Most descriptions are such a paragraph,
// and parsing and printing each of them would take a third of a large
// package's generation. A line that starts with a non-ASCII character
// or ends in white space is left to the printer too.
func plainParagraph(lines []string) bool {
	for _, l := range lines {
		if l == "" || l[0] == ' ' || l[0] == '\t' || l[0] == '[' || l[0] == '#' || l[0] >= utf8.RuneSelf ||
			strings.Contains(l, "``") || strings.Contains(l, "''") {
			return false
		}
		if r, _ := utf8.DecodeLastRuneInString(l); unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// commentLine writes a line of docLines as a "//" comment line: a code
// block's line starts with a tab, written right after "//", as gofmt does.
func commentLine(line string) string {
	switch {
	case line == "":
		return "//"
	case strings.HasPrefix(line, "\t"):
		return "//" + line
	}
	return "// " + line
}

// inert keeps a comment line from being read as an instruction by a Go
// tool: a line that, after "// " and any indentation, starts like a build
// constraint (+build, which go/build reads whatever the space after "//",
// and which gofmt turns into //go:build), a //go: directive or a cgo
// directive is written in backquotes, as literal text. Lines are always
// written after "// ", so the forms that need "//" directly before them
// (//go:, //line, //export, //extern, //sys, //nolint, //lint:) cannot
// arise. This is the one place where catalog text meets the start of a
// comment line.
func inert(line string) string {
	text := strings.TrimLeft(line, " \t")
	for _, p := range []string{"+build", "go:", "#cgo"} {
		if strings.HasPrefix(text, p) {
			return line[:len(line)-len(text)] + "`" + text + "`"
		}
	}
	return line
}

// sanitize makes text safe inside a line comment: valid UTF-8, no control
// characters but tab and newline, no byte order marks, "\r\n" and other
// line breaks folded to "\n".
func sanitize(text string) string {
	if printableASCII(text) {
		return text
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range strings.ReplaceAll(text, "\r\n", "\n") {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte('\t')
		case r == '\uFEFF' || unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printableASCII reports whether text holds only printable ASCII, tabs
// and newlines: what sanitize leaves as it is, and what most text is.
func printableASCII(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c < ' ' || c > '~') && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}

// wrap breaks a line into pieces of at most width runes at spaces; a word
// longer than width stands alone. Leading indentation is kept on the first
// piece, so preformatted lines stay preformatted.
func wrap(line string, width int) []string {
	if utf8.RuneCountInString(line) <= width || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
		return []string{line}
	}
	var out []string
	var cur strings.Builder
	n := 0
	for _, w := range strings.Fields(line) {
		wl := utf8.RuneCountInString(w)
		if n > 0 && n+1+wl > width {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(w)
		n += wl
	}
	if n > 0 {
		out = append(out, cur.String())
	}
	return out
}

// goType is the Go type of a catalog type reference. Optional scalars and
// optional named types are pointers; slices, maps and free-form JSON are
// nil-able already.
func goType(t *spec.TypeRef, required bool) *jen.Statement {
	base := valueType(t)
	if !required && pointerWhenOptional(t) {
		return jen.Op("*").Add(base)
	}
	return base
}

// pointerWhenOptional reports whether an optional value of t is a pointer.
func pointerWhenOptional(t *spec.TypeRef) bool {
	switch t.Kind {
	case spec.KindArray, spec.KindMap, spec.KindAny, spec.KindBytes:
		return false
	case spec.KindRef:
		if t.Ref.IsAlias() {
			return pointerWhenOptional(t.Ref.Alias)
		}
	}
	return true
}

// valueType is the Go type of t as a value. Free-form JSON is kept raw
// (json.RawMessage) where it stands for a whole field or response, and is
// Go's any inside arrays and maps, where map[string]any is what callers
// expect of "a dict of values".
func valueType(t *spec.TypeRef) *jen.Statement {
	switch t.Kind {
	case spec.KindString:
		return jen.String()
	case spec.KindInteger:
		return jen.Int()
	case spec.KindNumber:
		return jen.Float64()
	case spec.KindBoolean:
		return jen.Bool()
	case spec.KindDateTime:
		return jen.Qual("time", "Time")
	case spec.KindAny:
		return jen.Qual("encoding/json", "RawMessage")
	case spec.KindInt32:
		return jen.Int32()
	case spec.KindInt64:
		return jen.Int64()
	case spec.KindFloat32:
		return jen.Float32()
	case spec.KindDate:
		return jen.Id("CivilDate")
	case spec.KindBytes:
		return jen.Index().Byte()
	case spec.KindArray:
		return jen.Index().Add(elemType(t.Elem))
	case spec.KindMap:
		return jen.Map(jen.String()).Add(elemType(t.Elem))
	case spec.KindRef:
		return jen.Id(t.Ref.GoName)
	}
	panic("templates: unknown kind")
}

// elemType is the Go type of an array or map element.
func elemType(t *spec.TypeRef) *jen.Statement {
	if t.Kind == spec.KindAny {
		return jen.Any()
	}
	return valueType(t)
}

// isObject reports whether t names an object type (not an enum).
func isObject(t *spec.TypeRef) bool {
	return t != nil && t.Kind == spec.KindRef && t.Ref.IsObject()
}

// duration renders d as readable Go: 30 * time.Second, 300 * time.Millisecond.
func duration(d time.Duration) *jen.Statement {
	units := []struct {
		d    time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}, {time.Microsecond, "Microsecond"}}
	if d == 0 {
		return jen.Lit(0)
	}
	for _, u := range units {
		if d%u.d == 0 {
			if d == u.d {
				return jen.Qual("time", u.name)
			}
			return jen.Lit(int(d/u.d)).Op("*").Qual("time", u.name)
		}
	}
	return jen.Qual("time", "Duration").Call(jen.Lit(int(d)))
}

// stringSlice renders a []string literal, or nil when ss is empty.
func stringSlice(ss []string) *jen.Statement {
	if len(ss) == 0 {
		return jen.Nil()
	}
	vals := make([]jen.Code, len(ss))
	for i, s := range ss {
		vals[i] = jen.Lit(s)
	}
	return jen.Index().String().Values(vals...)
}

// field renders "name: value" for keyed composite literals. It writes every
// value it is given; the callers leave zero values out (literal in
// settings.go does so for every setting).
func field(name string, value jen.Code) jen.Code {
	return jen.Id(name).Op(":").Add(value)
}
