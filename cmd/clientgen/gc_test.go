package main

import "testing"

// TestGCPercent: clientgen raises the GC target when GOGC is unset, and
// leaves a GOGC the user set alone.
func TestGCPercent(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if pct, ok := gcPercent(env(nil)); !ok || pct != genGCPercent {
		t.Errorf("GOGC unset: got (%d, %v), want (%d, true)", pct, ok, genGCPercent)
	}
	if _, ok := gcPercent(env(map[string]string{"GOGC": "100"})); ok {
		t.Error("GOGC=100: the user's setting must stand")
	}
}
