package main

import "testing"

// TestGCPercent: clientgen raises the GC target to generate and lowers it
// to import when GOGC is unset, and leaves a GOGC the user set alone.
func TestGCPercent(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if pct, ok := gcPercent([]string{"-spec", "x.yaml"}, env(nil)); !ok || pct != genGCPercent {
		t.Errorf("GOGC unset: got (%d, %v), want (%d, true)", pct, ok, genGCPercent)
	}
	if _, ok := gcPercent(nil, env(map[string]string{"GOGC": "100"})); ok {
		t.Error("GOGC=100: the user's setting must stand")
	}
	if pct, ok := gcPercent([]string{"import", "-openapi", "d.json"}, env(nil)); !ok || pct != importGCPercent {
		t.Errorf("import: got (%d, %v), want (%d, true)", pct, ok, importGCPercent)
	}
	if _, ok := gcPercent([]string{"import", "-openapi", "d.json"}, env(map[string]string{"GOGC": "off"})); ok {
		t.Error("import with GOGC=off: the user's setting must stand")
	}
}
