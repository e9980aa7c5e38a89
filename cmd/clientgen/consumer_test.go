package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConsumerModule copies testdata/consumer, a module that generates its
// client with a //go:generate line, points its replace directive at this
// checkout, and runs go generate, go build and go vet there. The client is
// not checked in under testdata: go generate must produce it, and a second
// go generate must change nothing.
func TestConsumerModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("testdata/consumer")))
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"),
		[]byte(strings.Replace(string(gomod), "=> ../../../..", "=> "+root, 1)), 0o644))
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), goSum, 0o644))
	require.NoDirExists(t, filepath.Join(dir, "echo"))

	goCmd := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	}
	goCmd("generate", "./...")
	generated := dirFiles(t, filepath.Join(dir, "echo"))
	require.Contains(t, generated, "client_gen.go")
	goCmd("build", "./...")
	goCmd("vet", "./...")
	goCmd("generate", "./...")
	assert.Equal(t, generated, dirFiles(t, filepath.Join(dir, "echo")), "a second go generate changed the client")
}
