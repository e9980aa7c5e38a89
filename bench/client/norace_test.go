//go:build !race

package client

// raceEnabled reports whether the race detector is on.
const raceEnabled = false
