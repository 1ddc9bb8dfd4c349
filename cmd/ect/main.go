// Command ect keeps early career teacher induction records as Markdown in
// Git: it validates them, and (in later versions) reports on and publishes
// them. See the README.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/hugo"
)

// gcPercent is the garbage collector's target unless GOGC says otherwise:
// ect holds every record of a body at once, and Go's default (the heap may
// double what is live before collecting) made that cost twice the memory;
// at 50 a 5,000-ECT validation peaks at about 340 MB instead of 410 MB, in
// the same time (README "Speed").
const gcPercent = 50

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	// Hugo's server runs in a child process of this same program.
	if code, ok := hugo.Child(os.Args[1:], os.Stderr); ok {
		os.Exit(code)
	}
	stop := profile(os.Getenv("ECTDOCS_CPUPROFILE"))
	code := cli.Code(cli.Execute(os.Args[1:], hugo.Linked{}), os.Stderr)
	stop()
	os.Exit(code)
}

// profile writes a CPU profile of the run to file, when it is named
// (ECTDOCS_CPUPROFILE=FILE, for go tool pprof; README "Speed"); it
// returns what stops it.
func profile(file string) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ect: ECTDOCS_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
