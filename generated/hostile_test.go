package ktrdr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileBehaviours are rows of the shared behaviour table (see
// TestBothFlavoursBehaveTheSame) for input that is the caller's or the
// server's mistake: it is refused, unsent or unretried, with one clear
// error, by both flavours.
func hostileBehaviours() []behaviour {
	const getOp = "GET /api/v1/operations/op-1"
	isOp := func(t *testing.T, res any, err error) {
		require.NoError(t, err)
		op, ok := res.(*OperationStatusResponse)
		require.True(t, ok, "%T", res)
		require.NotNil(t, op)
		assert.Equal(t, "op-1", op.Data.OperationID)
	}
	// Retry-After values RFC 9110 does not allow are ignored: the backoff
	// applies.
	retryAfterIgnored := func(value string) behaviour {
		return behaviour{
			name: "Retry-After " + value + " falls back to the backoff", call: getOperation,
			steps:    []step{reply(503, `{"detail":"busy"}`, "Retry-After", value), reply(200, opBody)},
			requests: repeat(getOp, 2), sleeps: catalogBackoff[:1], check: isOp,
		}
	}
	return []behaviour{
		retryAfterIgnored("NaN"),
		retryAfterIgnored("0x1p3"),
		retryAfterIgnored("-1"),
		retryAfterIgnored("1e3"),
		retryAfterIgnored("Tue, 03 Mar 2026 05:06:07 GMT"), // the day before the fake clock
	}
}
