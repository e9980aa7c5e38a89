package client

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test or benchmark leaves goroutines
// behind (calls, operation runs, connections).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
