package main

import (
	"fmt"
	"strings"
)

// maxDiffLines bounds the diff printed per file by -check.
const maxDiffLines = 40

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// unifiedDiff returns a unified diff of old and new (at most max lines of
// hunks), enough to see what is stale. Common leading and trailing lines are
// trimmed first, and the rest is compared line by line with a longest
// common subsequence when it is small; a large middle is shown as removed
// and added.
func unifiedDiff(name, old, new string, max int) string {
	a, b := splitLines(old), splitLines(new)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := diffLines(a[pre:len(a)-suf], b[pre:len(b)-suf])

	start := max0(pre - diffContext)
	var lines []string
	for i := start; i < pre; i++ {
		lines = append(lines, " "+a[i])
	}
	removed, added := 0, 0
	for _, op := range ops {
		lines = append(lines, op)
		switch op[0] {
		case '-':
			removed++
		case '+':
			added++
		}
	}
	for i := len(a) - suf; i < len(a) && i < len(a)-suf+diffContext; i++ {
		lines = append(lines, " "+a[i])
	}
	ctxAfter := min(suf, diffContext)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s (on disk)\n+++ %s (generated)\n", name, name)
	fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", start+1, pre-start+len(a)-pre-suf+ctxAfter, start+1, pre-start+len(b)-pre-suf+ctxAfter)
	for i, l := range lines {
		if i == max {
			fmt.Fprintf(&sb, "... (%d more lines; -%d +%d in all)\n", len(lines)-max, removed, added)
			break
		}
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// diffLines returns the edit script from a to b as "-", "+" and " " lines.
func diffLines(a, b []string) []string {
	const maxCells = 4 << 20
	if len(a)*len(b) > maxCells {
		out := make([]string, 0, len(a)+len(b))
		for _, l := range a {
			out = append(out, "-"+l)
		}
		for _, l := range b {
			out = append(out, "+"+l)
		}
		return out
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, " "+a[i])
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "-"+a[i])
			i++
		default:
			out = append(out, "+"+b[j])
			j++
		}
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func max0(n int) int { return max(n, 0) }
