//go:build unix

package models

import (
	"syscall"
	"time"
)

// processCPU is the user plus system time the process has used so far, over
// all its threads; zero where the system does not say.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
