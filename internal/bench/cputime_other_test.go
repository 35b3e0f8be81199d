//go:build !unix

package bench

import "time"

// cpuTime is not measured on this system; the events/cpu-s metric is then
// left out.
func cpuTime() time.Duration { return 0 }
