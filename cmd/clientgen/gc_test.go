package main

import "testing"

// TestGCPercent: clientgen raises the GC target to generate when GOGC is
// unset, and leaves a GOGC the user set, and import, alone.
func TestGCPercent(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if pct, ok := gcPercent([]string{"-spec", "x.yaml"}, env(nil)); !ok || pct != genGCPercent {
		t.Errorf("GOGC unset: got (%d, %v), want (%d, true)", pct, ok, genGCPercent)
	}
	if _, ok := gcPercent(nil, env(map[string]string{"GOGC": "100"})); ok {
		t.Error("GOGC=100: the user's setting must stand")
	}
	if _, ok := gcPercent([]string{"import", "-openapi", "d.json"}, env(nil)); ok {
		t.Error("import: the default target must stand")
	}
}
