package openapi

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// encodeYAML appends the text of the YAML document doc, whose content is
// a mapping: the bytes yaml.v3's encoder writes with an indent of 2. The
// catalog's trees are written directly, which takes a fraction of the
// encoder's time and memory; a tree with something the direct writer does
// not reproduce exactly (anchors, aliases, explicit tags, foot comments,
// comments inside flow collections or in other odd places, comments of
// the document itself, keys that are not short one-line scalars) is
// handed to the encoder whole.
func encodeYAML(dst []byte, doc *yaml.Node) ([]byte, error) {
	out, fast := dst, false
	if doc.HeadComment == "" && doc.LineComment == "" && doc.FootComment == "" && len(doc.Content) == 1 {
		out, fast = appendYAML(dst, doc.Content[0])
	}
	if !fast {
		text, err := encoderYAML(doc)
		if err != nil {
			return nil, err
		}
		out = append(dst, text...)
	}
	if encodeHook != nil {
		encodeHook(doc, out[len(dst):], fast)
	}
	return out, nil
}

// document is the YAML document whose content is root.
func document(root *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
}

// encoderYAML is yaml.v3's encoding of the document doc.
func encoderYAML(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeHook, when set (by tests), sees every document encodeYAML writes,
// the text it wrote, and whether the direct writer wrote it.
var encodeHook func(doc *yaml.Node, text []byte, fast bool)

// appendYAML writes root as encodeYAML does, or reports false when the
// tree has something it does not reproduce (dst's contents are then
// undefined beyond len(dst)).
func appendYAML(dst []byte, root *yaml.Node) ([]byte, bool) {
	if root.Kind != yaml.MappingNode || len(root.Content) == 0 || root.Style&yaml.FlowStyle != 0 ||
		!plainNode(root, false, false) || collectionTagged(root, true) {
		return dst, false
	}
	w := yamlWriter{out: dst, whitespace: true, indention: true, indent: -1}
	if !w.blockMapping(root, 0) {
		return dst, false
	}
	// the document's end
	w.indent = -1
	w.writeIndent()
	return w.out, true
}

// yamlWriter follows the state of yaml.v3's emitter (emitterc.go) through
// the part of it a catalog needs: column, whitespace and indention mean
// what they mean there, and each method names the emitter function it
// stands for. The line width is unlimited, as yaml.v3 sets it, so no
// scalar is broken to fit one.
type yamlWriter struct {
	out        []byte
	column     int  // characters on the current line
	whitespace bool // the last character written is white space
	indention  bool // only indentation is on the current line
	indent     int  // the current block indentation; -1 outside the root
	flow       int  // depth of flow collections
}

// put is put: one ASCII character.
func (w *yamlWriter) put(c byte) {
	w.out = append(w.out, c)
	w.column++
}

// putBreak is put_break.
func (w *yamlWriter) putBreak() {
	w.out = append(w.out, '\n')
	w.column = 0
	w.indention = true
}

// writeBreak is write_break: a line break of s at i, written as it is
// unless it is a line feed.
func (w *yamlWriter) writeBreak(s string, i *int) {
	if s[*i] == '\n' {
		w.putBreak()
		*i++
		return
	}
	w.writeChar(s, i)
	w.column = 0
	w.indention = true
}

// writeChar is write: the character of s at i.
func (w *yamlWriter) writeChar(s string, i *int) {
	n := charWidth(s[*i])
	w.out = append(w.out, s[*i:*i+n]...)
	w.column++
	*i += n
}

// writeIndent is yaml_emitter_write_indent (foot comments, the only
// thing that sets its foot_indent, are never written here).
func (w *yamlWriter) writeIndent() {
	indent := max(w.indent, 0)
	if !w.indention || w.column > indent || (w.column == indent && !w.whitespace) {
		w.putBreak()
	}
	for w.column < indent {
		w.put(' ')
	}
	w.whitespace = true
}

// indicator is yaml_emitter_write_indicator for an ASCII indicator.
func (w *yamlWriter) indicator(ind string, needWhitespace, isWhitespace, isIndention bool) {
	if needWhitespace && !w.whitespace {
		w.put(' ')
	}
	w.out = append(w.out, ind...)
	w.column += len(ind)
	w.whitespace = isWhitespace
	w.indention = w.indention && isIndention
}

// comment is yaml_emitter_write_comment.
func (w *yamlWriter) comment(c string) {
	breaks, pound := false, false
	for i := 0; i < len(c); {
		if isBreak(c, i) {
			w.writeBreak(c, &i)
			breaks, pound = true, false
			continue
		}
		if breaks {
			w.writeIndent()
		}
		if !pound {
			if c[i] != '#' {
				w.put('#')
				w.put(' ')
			}
			pound = true
		}
		w.writeChar(c, &i)
		w.indention = false
		breaks = false
	}
	if !breaks {
		w.putBreak()
	}
	w.whitespace = true
}

// lineComment is yaml_emitter_process_line_comment.
func (w *yamlWriter) lineComment(c string) {
	if c == "" {
		return
	}
	if !w.whitespace {
		w.put(' ')
	}
	w.comment(c)
}

// plainNode says whether n is free of what no node written here has: an
// anchor, a foot comment, and (unless its context writes them) head and
// line comments.
func plainNode(n *yaml.Node, head, line bool) bool {
	return n.Anchor == "" && n.FootComment == "" && (head || n.HeadComment == "") && (line || n.LineComment == "")
}

// collectionTagged says whether the encoder writes the tag of a mapping or
// sequence: one that is not the kind's own.
func collectionTagged(n *yaml.Node, mapping bool) bool {
	own := "!!seq"
	if mapping {
		own = "!!map"
	}
	return n.Tag != "" && (n.Style&yaml.TaggedStyle != 0 || shortYAMLTag(n.Tag) != own)
}

// shortYAMLTag is yaml.v3's shortTag.
func shortYAMLTag(tag string) string {
	if rest, ok := strings.CutPrefix(tag, "tag:yaml.org,2002:"); ok {
		return "!!" + rest
	}
	return tag
}

// blockMapping writes the block mapping n at indent (the emitter's
// block mapping states); an empty one is written in flow style, as the
// emitter does.
func (w *yamlWriter) blockMapping(n *yaml.Node, indent int) bool {
	if len(n.Content) == 0 {
		return w.flowMapping(n, indent)
	}
	if len(n.Content)%2 != 0 {
		return false
	}
	saved := w.indent
	w.indent = indent
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !plainNode(k, true, true) || !utf8.ValidString(k.HeadComment) || !utf8.ValidString(k.LineComment) {
			return false
		}
		if k.HeadComment != "" {
			w.writeIndent()
			w.comment(k.HeadComment)
		}
		w.writeIndent()
		if !w.key(k) {
			return false
		}
		w.indicator(":", false, false, false)
		// A key's line comment (yaml_emitter_emit_block_mapping_value):
		// after the colon when a block collection follows; a scalar
		// without one of its own has it. Elsewhere it moves on to a later
		// line, and the tree is left to the encoder.
		line := ""
		if k.LineComment != "" {
			switch {
			case v.Kind == yaml.ScalarNode && v.LineComment == "":
				line = k.LineComment
			case (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode) && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0:
				w.lineComment(k.LineComment)
			default:
				return false
			}
		}
		if !w.blockValue(v, false, line) {
			return false
		}
	}
	w.indent = saved
	return true
}

// blockSequence writes the block sequence n at indent.
func (w *yamlWriter) blockSequence(n *yaml.Node, indent int) bool {
	saved := w.indent
	w.indent = indent
	for _, item := range n.Content {
		w.writeIndent()
		w.indicator("-", true, false, true)
		if !w.blockValue(item, true, "") {
			return false
		}
	}
	w.indent = saved
	return true
}

// blockValue writes n as a block mapping's value or a block sequence's
// item, with the line comment of a scalar or flow collection after it
// (keyComment, a key's line comment, stands for a scalar's own).
func (w *yamlWriter) blockValue(n *yaml.Node, inSequence bool, keyComment string) bool {
	// yaml_emitter_increase_indent for what n opens
	indent := 2 * ((w.indent + 2) / 2)
	if inSequence {
		indent = w.indent + 2
	}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		// A collection in flow style (as an empty one always is) may have
		// a line comment after it.
		flow := n.Style&yaml.FlowStyle != 0 || len(n.Content) == 0
		mapping := n.Kind == yaml.MappingNode
		if !plainNode(n, false, flow) || collectionTagged(n, mapping) || !utf8.ValidString(n.LineComment) {
			return false
		}
		switch {
		case !flow && mapping:
			return w.blockMapping(n, indent)
		case !flow:
			return w.blockSequence(n, indent)
		case mapping && !w.flowMapping(n, indent), !mapping && !w.flowSequence(n, indent):
			return false
		}
		w.lineComment(n.LineComment)
		return true
	case yaml.ScalarNode:
		if !plainNode(n, false, true) || !utf8.ValidString(n.LineComment) {
			return false
		}
		line := n.LineComment
		if line == "" {
			line = keyComment
		}
		return w.scalar(n, false, indent, line)
	}
	return false
}

// flowMapping writes n in flow style, with its content; indent is its
// indentation, which only a scalar's line break inside shows.
func (w *yamlWriter) flowMapping(n *yaml.Node, indent int) bool {
	if len(n.Content)%2 != 0 {
		return false
	}
	w.indicator("{", true, true, false)
	saved := w.indent
	w.indent = indent
	w.flow++
	for i := 0; i < len(n.Content); i += 2 {
		if i > 0 {
			w.indicator(",", false, false, false)
		}
		if !plainNode(n.Content[i], false, false) || !w.key(n.Content[i]) {
			return false
		}
		w.indicator(":", false, false, false)
		if !w.flowValue(n.Content[i+1]) {
			return false
		}
	}
	w.flow--
	w.indent = saved
	w.indicator("}", false, false, false)
	return true
}

// flowSequence writes n in flow style, with its content, at indent.
func (w *yamlWriter) flowSequence(n *yaml.Node, indent int) bool {
	w.indicator("[", true, true, false)
	saved := w.indent
	w.indent = indent
	w.flow++
	for i, item := range n.Content {
		if i > 0 {
			w.indicator(",", false, false, false)
		}
		if !w.flowValue(item) {
			return false
		}
	}
	w.flow--
	w.indent = saved
	w.indicator("]", false, false, false)
	return true
}

// flowValue writes n inside a flow collection, where every collection is
// in flow style.
func (w *yamlWriter) flowValue(n *yaml.Node) bool {
	if !plainNode(n, false, false) {
		return false
	}
	indent := 2 * ((w.indent + 2) / 2)
	switch n.Kind {
	case yaml.MappingNode:
		return !collectionTagged(n, true) && w.flowMapping(n, indent)
	case yaml.SequenceNode:
		return !collectionTagged(n, false) && w.flowSequence(n, indent)
	case yaml.ScalarNode:
		return w.scalar(n, false, indent, "")
	}
	return false
}

// key writes a mapping key. The emitter writes a key in the simple form
// (key: value) when it is a one-line scalar of at most 128 bytes
// (yaml_emitter_check_simple_key), and with "? " otherwise, which is left
// to the encoder.
func (w *yamlWriter) key(k *yaml.Node) bool {
	// one line: no indentation to pass
	return k.Kind == yaml.ScalarNode && len(k.Value) <= 128 && w.scalar(k, true, 0, "")
}

// The scalar styles of the emitter.
const (
	stylePlain = iota
	styleSingle
	styleDouble
	styleLiteral
	styleFolded
)

// scalar writes the scalar n, as a simple key or a value, and the line
// comment after it; indent is the indentation of the lines after its
// first (yaml_emitter_emit_scalar's increase_indent).
// It reports false for what the encoder writes with a tag, base64 for
// invalid UTF-8, or a multi-line key.
func (w *yamlWriter) scalar(n *yaml.Node, simpleKey bool, indent int, line string) bool {
	value := n.Value
	// encoder.node: whether the tag is written, and the style asked for
	forceQuoting := false
	if n.Tag != "" {
		if n.Style&yaml.TaggedStyle != 0 {
			return false
		}
		stag := shortYAMLTag(n.Tag)
		if !(stag == "!!str" && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0) {
			if rtag := resolvedTag(value); rtag != stag {
				if stag != "!!str" {
					return false
				}
				forceQuoting = true
			}
		}
	}
	if !utf8.ValidString(value) {
		return false
	}
	style := stylePlain
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		style = styleDouble
	case n.Style&yaml.SingleQuotedStyle != 0:
		style = styleSingle
	case n.Style&yaml.LiteralStyle != 0:
		style = styleLiteral
	case n.Style&yaml.FoldedStyle != 0:
		style = styleFolded
	case strings.Contains(value, "\n"):
		style = styleLiteral
	case forceQuoting:
		style = styleDouble
	}

	// yaml_emitter_select_scalar_style
	a := analyzeScalar(value)
	if simpleKey && a.multiline {
		return false
	}
	if style == stylePlain {
		if w.flow > 0 && !a.flowPlain || w.flow == 0 && !a.blockPlain || value == "" && (w.flow > 0 || simpleKey) {
			style = styleSingle
		}
	}
	if style == styleSingle && !a.singleQuoted {
		style = styleDouble
	}
	if (style == styleLiteral || style == styleFolded) && (!a.block || w.flow > 0 || simpleKey) {
		style = styleDouble
	}

	saved := w.indent
	w.indent = indent
	switch style {
	case stylePlain:
		w.plain(value, a.chars)
	case styleSingle:
		w.singleQuoted(value, a.chars, a.multiline)
	case styleDouble:
		w.doubleQuoted(value)
	case styleLiteral, styleFolded:
		w.block(value, line, style == styleFolded)
		line = ""
	}
	w.indent = saved
	w.lineComment(line)
	return true
}

// plain is yaml_emitter_write_plain_scalar for a value without line
// breaks, which a plain scalar never has.
func (w *yamlWriter) plain(value string, chars int) {
	if value != "" && !w.whitespace {
		w.put(' ')
	}
	w.out = append(w.out, value...)
	w.column += chars
	if value != "" {
		w.whitespace = false
	}
	w.indention = false
}

// singleQuoted is yaml_emitter_write_single_quoted_scalar. The analysis
// allows single quotes around a line break only between characters that
// are not spaces; a line feed after another character is doubled.
func (w *yamlWriter) singleQuoted(value string, chars int, multiline bool) {
	w.indicator("'", true, false, false)
	switch {
	case !multiline && !strings.Contains(value, "'"):
		w.out = append(w.out, value...)
		w.column += chars
	case !multiline:
		for i := 0; i < len(value); i++ {
			if value[i] == '\'' {
				w.out = append(w.out, '\'', '\'')
				w.column += 2
				continue
			}
			w.out = append(w.out, value[i])
			if value[i]&0xC0 != 0x80 {
				w.column++
			}
		}
	default:
		breaks := false
		for i := 0; i < len(value); {
			switch {
			case value[i] == ' ':
				w.writeChar(value, &i)
			case isBreak(value, i):
				if !breaks && value[i] == '\n' {
					w.putBreak()
				}
				w.writeBreak(value, &i)
				breaks = true
			default:
				if breaks {
					w.writeIndent()
				}
				if value[i] == '\'' {
					w.put('\'')
				}
				w.writeChar(value, &i)
				w.indention = false
				breaks = false
			}
		}
	}
	w.indicator("'", false, false, false)
	w.whitespace = false
	w.indention = false
}

// doubleQuoted is yaml_emitter_write_double_quoted_scalar.
func (w *yamlWriter) doubleQuoted(value string) {
	w.indicator(`"`, true, false, false)
	bom := strings.HasPrefix(value, "\xEF\xBB\xBF")
	for i := 0; i < len(value); {
		c := value[i]
		if c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' && !bom {
			w.out = append(w.out, c)
			w.column++
			i++
			continue
		}
		if isPrintable(value, i) && !bom && !isBreak(value, i) && c != '"' && c != '\\' {
			w.writeChar(value, &i)
			continue
		}
		r, n := utf8.DecodeRuneInString(value[i:])
		i += n
		w.put('\\')
		switch r {
		case 0x00:
			w.put('0')
		case 0x07:
			w.put('a')
		case 0x08:
			w.put('b')
		case 0x09:
			w.put('t')
		case 0x0A:
			w.put('n')
		case 0x0B:
			w.put('v')
		case 0x0C:
			w.put('f')
		case 0x0D:
			w.put('r')
		case 0x1B:
			w.put('e')
		case 0x22:
			w.put('"')
		case 0x5C:
			w.put('\\')
		case 0x85:
			w.put('N')
		case 0xA0:
			w.put('_')
		case 0x2028:
			w.put('L')
		case 0x2029:
			w.put('P')
		default:
			digits := 8
			switch {
			case r <= 0xFF:
				w.put('x')
				digits = 2
			case r <= 0xFFFF:
				w.put('u')
				digits = 4
			default:
				w.put('U')
			}
			for k := (digits - 1) * 4; k >= 0; k -= 4 {
				w.put("0123456789ABCDEF"[(r>>uint(k))&0x0F])
			}
		}
	}
	w.indicator(`"`, false, false, false)
	w.whitespace = false
	w.indention = false
}

// block is yaml_emitter_write_literal_scalar, or with folded
// yaml_emitter_write_folded_scalar, with
// yaml_emitter_write_block_scalar_hints, for a value the analysis allows
// in a block; the line comment follows the block's indicators.
func (w *yamlWriter) block(value, line string, folded bool) {
	if folded {
		w.indicator(">", true, false, false)
	} else {
		w.indicator("|", true, false, false)
	}
	if value[0] == ' ' || isBreak(value, 0) {
		w.indicator("2", false, false, false) // the indent, 2
	}
	// chomping: "-" strips a value's missing final break, "+" keeps more
	// than one
	i := len(value) - 1
	for value[i]&0xC0 == 0x80 {
		i--
	}
	switch {
	case !isBreak(value, i):
		w.indicator("-", false, false, false)
	case i == 0:
		w.indicator("+", false, false, false)
	default:
		i--
		for value[i]&0xC0 == 0x80 {
			i--
		}
		if isBreak(value, i) {
			w.indicator("+", false, false, false)
		}
	}
	w.lineComment(line)
	w.whitespace = true
	// A folded block doubles a line feed after a line that does not start
	// with a blank, unless the value's first line after its leading breaks
	// starts with one (the emitter looks there, not after the line feed).
	k := 0
	for k < len(value) && isBreak(value, k) {
		k += charWidth(value[k])
	}
	double := folded && k < len(value) && !(value[k] == ' ' || value[k] == '\t' || value[k] == 0)
	breaks, leadingSpaces := true, true
	for i := 0; i < len(value); {
		if isBreak(value, i) {
			if double && !breaks && !leadingSpaces && value[i] == '\n' {
				w.putBreak()
			}
			w.writeBreak(value, &i)
			breaks = true
			continue
		}
		if breaks {
			w.writeIndent()
			leadingSpaces = value[i] == ' ' || value[i] == '\t'
		}
		j := i
		for j < len(value) && value[j] != '\n' && value[j] != '\r' && value[j] != 0xC2 && value[j] != 0xE2 {
			j++
		}
		if j > i {
			// a run of characters that are not breaks
			w.out = append(w.out, value[i:j]...)
			w.column += utf8.RuneCountInString(value[i:j])
			i = j
		} else {
			w.writeChar(value, &i)
		}
		w.indention = false
		breaks = false
	}
}

// scalarAnalysis is what yaml_emitter_analyze_scalar finds in a value.
type scalarAnalysis struct {
	multiline    bool
	flowPlain    bool // may be plain in a flow collection
	blockPlain   bool // may be plain in a block collection
	singleQuoted bool
	block        bool // may be a literal block
	chars        int  // characters (runes)
}

// analyzeScalar is yaml_emitter_analyze_scalar for valid UTF-8.
func analyzeScalar(value string) scalarAnalysis {
	if value == "" {
		return scalarAnalysis{blockPlain: true, singleQuoted: true}
	}
	var blockIndicators, flowIndicators, lineBreaks, specialCharacters, tabCharacters bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	var previousSpace, previousBreak bool
	if strings.HasPrefix(value, "---") || strings.HasPrefix(value, "...") {
		blockIndicators, flowIndicators = true, true
	}
	chars := 0
	precededByWhitespace := true
	for i, w := 0, 0; i < len(value); i += w {
		c := value[i]
		if i > 0 && inertASCII[c] {
			// a run of characters that change nothing but the flags
			// about the previous one
			w = 1
			for i+w < len(value) && inertASCII[value[i+w]] {
				w++
			}
			chars += w
			previousSpace, previousBreak, precededByWhitespace = false, false, false
			continue
		}
		if i > 0 && c == ' ' {
			// what the general case below finds for a space
			w = 1
			chars++
			trailingSpace = i+1 == len(value)
			breakSpace = breakSpace || previousBreak
			previousSpace, previousBreak, precededByWhitespace = true, false, true
			continue
		}
		w = charWidth(c)
		chars++
		followedByWhitespace := i+w >= len(value) || value[i+w] == ' ' || value[i+w] == '\t'
		if i == 0 {
			switch c {
			case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
				flowIndicators, blockIndicators = true, true
			case '?', ':':
				flowIndicators = true
				if followedByWhitespace {
					blockIndicators = true
				}
			case '-':
				if followedByWhitespace {
					flowIndicators, blockIndicators = true, true
				}
			}
		} else {
			switch c {
			case ',', '?', '[', ']', '{', '}':
				flowIndicators = true
			case ':':
				flowIndicators = true
				if followedByWhitespace {
					blockIndicators = true
				}
			case '#':
				if precededByWhitespace {
					flowIndicators, blockIndicators = true, true
				}
			}
		}
		if c == '\t' {
			tabCharacters = true
		} else if !isPrintable(value, i) {
			specialCharacters = true
		}
		switch first, last := i == 0, i+w == len(value); {
		case c == ' ':
			leadingSpace = leadingSpace || first
			trailingSpace = trailingSpace || last
			breakSpace = breakSpace || previousBreak
			previousSpace, previousBreak = true, false
		case isBreak(value, i):
			lineBreaks = true
			leadingBreak = leadingBreak || first
			trailingBreak = trailingBreak || last
			spaceBreak = spaceBreak || previousSpace
			previousSpace, previousBreak = false, true
		default:
			previousSpace, previousBreak = false, false
		}
		// is_blankz
		precededByWhitespace = c == ' ' || c == '\t' || c == 0 || isBreak(value, i)
	}
	a := scalarAnalysis{multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true, chars: chars}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.flowPlain, a.blockPlain = false, false
	}
	if trailingSpace {
		a.block = false
	}
	if breakSpace {
		a.flowPlain, a.blockPlain, a.singleQuoted = false, false, false
	}
	if spaceBreak || tabCharacters || specialCharacters {
		a.flowPlain, a.blockPlain, a.singleQuoted = false, false, false
	}
	if spaceBreak || specialCharacters {
		a.block = false
	}
	if lineBreaks {
		a.flowPlain, a.blockPlain = false, false
	}
	if flowIndicators {
		a.flowPlain = false
	}
	if blockIndicators {
		a.blockPlain = false
	}
	return a
}

// inertASCII marks the printable ASCII characters that mean nothing to
// the analysis after a scalar's first character: not blanks, and not
// indicators.
var inertASCII = func() (t [256]bool) {
	for c := byte(0x21); c <= 0x7E; c++ {
		t[c] = strings.IndexByte(",?[]{}:#", c) < 0
	}
	return t
}()

// charWidth is width: the length of the UTF-8 sequence c starts.
func charWidth(c byte) int {
	switch {
	case c&0x80 == 0:
		return 1
	case c&0xE0 == 0xC0:
		return 2
	case c&0xF0 == 0xE0:
		return 3
	case c&0xF8 == 0xF0:
		return 4
	}
	return 0
}

// isPrintable is is_printable.
func isPrintable(s string, i int) bool {
	c := s[i]
	return c == 0x0A || c >= 0x20 && c <= 0x7E ||
		c == 0xC2 && s[i+1] >= 0xA0 ||
		c > 0xC2 && c < 0xED ||
		c == 0xED && s[i+1] < 0xA0 ||
		c == 0xEE ||
		c == 0xEF && !(s[i+1] == 0xBB && s[i+2] == 0xBF) && !(s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF))
}

// isBreak is is_break: CR, LF, NEL, LS or PS.
func isBreak(s string, i int) bool {
	c := s[i]
	return c == '\r' || c == '\n' ||
		c == 0xC2 && s[i+1] == 0x85 ||
		c == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9)
}

// resolvedTag is the tag yaml.v3's resolver gives the plain scalar s
// (resolve("", s)).
func resolvedTag(s string) string {
	if s == "" {
		return "!!null"
	}
	switch c := s[0]; {
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		return resolveNumber(s)
	case c == '.':
		switch s {
		case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
			return "!!float"
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return "!!float"
		}
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "~", "null", "Null", "NULL":
			return "!!null"
		}
	}
	return "!!str"
}

// yamlStyleFloat is the resolver's pattern of a float.
var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolveNumber is the resolver for a plain scalar starting with a sign
// or a digit: a timestamp, an integer, a float, or a string.
func resolveNumber(s string) string {
	switch s {
	case "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "!!float"
	}
	if isTimestamp(s) {
		return "!!timestamp"
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "!!int"
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "!!float"
		}
	}
	var digits string
	base := 2
	switch {
	case strings.HasPrefix(plain, "0b"):
		digits = plain[2:]
	case strings.HasPrefix(plain, "-0b"):
		digits = "-" + plain[3:]
	}
	if digits == "" {
		base = 8
		switch {
		case strings.HasPrefix(plain, "0o"):
			digits = plain[2:]
		case strings.HasPrefix(plain, "-0o"):
			digits = "-" + plain[3:]
		}
	}
	if digits != "" {
		if _, err := strconv.ParseInt(digits, base, 64); err == nil {
			return "!!int"
		}
		if _, err := strconv.ParseUint(digits, base, 64); err == nil {
			return "!!int"
		}
	}
	return "!!str"
}

// isTimestamp is the resolver's parseTimestamp: four digits, a dash, and
// one of its layouts.
func isTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, layout := range []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
