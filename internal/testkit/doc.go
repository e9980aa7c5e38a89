// Package testkit is the one test harness of the runtime (templates/rt) and
// of the generated client (generated/): a scripted HTTP server that records
// what it receives, the steps it answers with, a fake clock for the
// runtime's unexported clock and sleeper hooks, and a lookup function for
// the catalog's environment variables.
//
// A Server listens on loopback (NewServer, NewStepServer, Serve) or lives
// in memory (NewMemServer): an in-memory server's client transport never
// touches the network, so a test can run inside a testing/synctest bubble
// and let the bubble's fake clock drive timeouts, backoff and Retry-After
// waits; Server.Gaps then gives the exact waits between attempts.
//
// Only _test.go files import testkit: clientgen never copies it into a
// generated package, and a generated package's own code imports only the
// standard library.
package testkit
