package ktrdr

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when any goroutine (a call, an
// operation run, a connection of a test server) outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
