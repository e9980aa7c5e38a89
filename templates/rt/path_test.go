package rt

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPathEscape(t *testing.T) {
	for in, want := range map[string]string{
		"op-1":      "op-1",
		"a/b":       "a%2Fb",
		"..":        "%2E%2E",
		".":         "%2E",
		"...":       "...",
		"50%":       "50%25",
		"a b":       "a%20b",
		"x?y#z":     "x%3Fy%23z",
		"café":      "caf%C3%A9",
		"../etc/pw": "..%2Fetc%2Fpw",
	} {
		assert.Equal(t, want, pathEscape(in), in)
	}
}

func TestEmptyParam(t *testing.T) {
	assert.Equal(t, "", emptyParam())
	assert.Equal(t, "", emptyParam("a", "x", "b", "y"))
	assert.Equal(t, "b", emptyParam("a", "x", "b", "", "c", ""))
}

// TestEmptyPathParameterIsRefusedUnsent: a request whose builder found an
// empty path parameter fails before anything is sent.
func TestEmptyPathParameterIsRefusedUnsent(t *testing.T) {
	c, err := newCore(testSettings(), []Option{WithBaseURL("http://127.0.0.1:1")})
	require.NoError(t, err)
	req := &request{endpoint: "get_operation", method: "GET", path: "/operations/", maxRetries: -1, emptyParam: emptyParam("operation_id", "")}
	_, err = execute(context.Background(), c, req, nil)
	var ce *ClientError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "get_operation: path parameter operation_id is empty; it would change the path", ce.Message)
	assert.False(t, errors.Is(err, ErrConnection), "nothing was sent")
}

func TestPtr(t *testing.T) {
	p := Ptr(10)
	require.NotNil(t, p)
	assert.Equal(t, 10, *p)
	q := Ptr(10)
	assert.NotSame(t, p, q, "each call gives its own variable")
}
