// Package rt is the runtime that clientgen copies, file by file, into every
// generated client package (its package clause is rewritten to the client's
// package name). It is ordinary Go, compiled and tested here, and it never
// refers to a generated identifier: everything catalog-specific reaches it
// through the settings value that settings_gen.go builds.
//
// Files whose names end in _rt.go are copied; tests are not.
package rt
