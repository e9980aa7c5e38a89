package rt

// lookupPath follows a dotted path ("data.progress.percentage") through
// decoded JSON objects (map[string]any). An empty path returns v itself.
func lookupPath(v any, path string) (any, bool) {
	panic("TODO")
}
