package templates

import "testing"

// TestQueryBehaviour renders testdata/query into a module of its own and
// runs testdata/query/behaviour_test.go in it: the query string each style
// sends, and what a server reads from it, on both flavours; an integer
// enum in a path, a query, a header and JSON.
func TestQueryBehaviour(t *testing.T) {
	runBehaviour(t, "query", "TestBehaviourQueryStyles", "TestBehaviourRequiredQueryStyles", "TestBehaviourIntegerEnums", "TestBehaviourIntegerEnumRefused")
}
