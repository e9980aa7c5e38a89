package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
	"github.com/clientgen/clientgen/templates"
)

// TestForeignFileIsNeverOverwritten puts a file without the generated-code
// header where a generated file goes: clientgen names it, exits 1 and
// writes nothing at all, and -check fails the same way.
func TestForeignFileIsNeverOverwritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	code, _, stderr := runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code, stderr)
	client := filepath.Join(out, "client"+templates.Suffix)
	require.NoError(t, os.WriteFile(client, []byte("package petstore\n\n// my own client\n"), 0o644))
	stale := filepath.Join(out, "settings"+templates.Suffix)
	require.NoError(t, os.WriteFile(stale, []byte(templates.Header+"\n// stale\n"), 0o644))
	before := dirFiles(t, out)

	code, stdout, stderr := runCmd(t, "-spec", petstore, "-out", out)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "clientgen: "+client+` exists but was not written by clientgen (its first line is not "`+templates.Header+`"); clientgen never overwrites such a file: move or rename it, then run clientgen again`+"\n", stderr)
	assert.Equal(t, before, dirFiles(t, out), "something was written")

	code, _, stderr = runCmd(t, "-spec", petstore, "-out", out, "-check")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, client+" exists but was not written by clientgen")
}

// TestInterruptedWriteIsRepaired stops a write before each of its steps,
// as a kill would (leaving temporary files and a mix of old and new
// files), and checks that -check then reports the directory stale and
// that the next run restores exactly the rendered package, removes every
// temporary file and leaves other files alone.
func TestInterruptedWriteIsRepaired(t *testing.T) {
	oldModel, err := spec.Load(petstore)
	require.NoError(t, err)
	oldFiles, err := templates.Render(oldModel)
	require.NoError(t, err)
	// The new catalog changes the package name: every file changes.
	newModel, err := spec.Load(petstore)
	require.NoError(t, err)
	newModel.Client.Package = "animals"
	newFiles, err := templates.Render(newModel)
	require.NoError(t, err)
	require.Greater(t, len(newFiles), 2)
	newFiles = newFiles[1:] // and one file is no longer generated

	prepare := func(t *testing.T) string {
		dir := t.TempDir()
		require.NoError(t, writeDir(dir, oldFiles))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "mine.go"), []byte("package petstore\n"), 0o644))
		return dir
	}
	want := map[string]string{"mine.go": "package petstore\n"}
	for _, f := range newFiles {
		want[f.Name] = string(f.Data)
	}

	var steps []string
	require.NoError(t, writer{interrupt: func(step string) bool {
		steps = append(steps, step)
		return false
	}}.write(prepare(t), newFiles))
	require.Contains(t, steps, "remove "+oldFiles[0].Name)
	for i, step := range steps {
		t.Run(step, func(t *testing.T) {
			dir := prepare(t)
			n := 0
			err := writer{interrupt: func(string) bool { n++; return n > i }}.write(dir, newFiles)
			require.ErrorIs(t, err, errInterrupted)
			if strings.HasPrefix(step, "write ") {
				assert.True(t, hasTemp(t, dir), "no temporary file after an interrupted write")
			}

			var diff bytes.Buffer
			stale, err := checkDir(dir, newFiles, &diff)
			require.NoError(t, err)
			assert.True(t, stale, "-check passes on an interrupted write")

			// The repair run is itself interrupted once, then completes.
			err = writer{interrupt: func(string) bool { return true }}.write(dir, newFiles)
			require.ErrorIs(t, err, errInterrupted)
			require.NoError(t, writeDir(dir, newFiles))
			assert.Equal(t, want, dirFiles(t, dir))
			stale, err = checkDir(dir, newFiles, &diff)
			require.NoError(t, err)
			assert.False(t, stale, "%s", diff.String())
		})
	}
}

// hasTemp reports whether dir holds a temporary file of clientgen's.
func hasTemp(t *testing.T, dir string) bool {
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if tempName.MatchString(e.Name()) {
			return true
		}
	}
	return false
}
