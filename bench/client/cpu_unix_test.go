//go:build unix

package client

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) the process has used. On a
// shared machine it is steadier than elapsed time: time spent waiting for
// a core is not counted.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
