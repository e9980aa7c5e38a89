package spec

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem found in a catalog, at a position of its file.
type Error struct {
	File string
	Line int // 1-based; 0 when the position is unknown
	Col  int // 1-based; 0 when the position is unknown
	Msg  string
}

// Error formats the problem as "FILE:LINE:COL: msg", the form editors and
// compilers use, or "FILE: msg" when the position is unknown.
func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in a catalog, sorted by position. Parse
// and Load return a non-empty ErrorList as their error.
type ErrorList []*Error

// Error returns one line per problem.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.As finds an *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sorted returns the list ordered by line and column (ties keep the order
// in which they were found) with exact duplicates removed; the same YAML
// node reached twice through an alias reports once.
func (l ErrorList) sorted() ErrorList {
	out := append(ErrorList(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	seen := make(map[Error]bool, len(out))
	dedup := out[:0]
	for _, e := range out {
		if seen[*e] {
			continue
		}
		seen[*e] = true
		dedup = append(dedup, e)
	}
	return dedup
}
