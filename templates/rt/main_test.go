package rt

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves goroutines behind (calls,
// retries, connections of closed clients).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
