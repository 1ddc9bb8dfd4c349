// Command ect keeps early career teacher induction records as Markdown in
// Git: it validates them, and (in later versions) reports on and publishes
// them. See the README.
package main

import (
	"os"
	"runtime/debug"

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
	os.Exit(cli.Code(cli.Execute(os.Args[1:], hugo.Linked{}), os.Stderr))
}
