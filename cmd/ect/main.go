// Command ect keeps early career teacher induction records as Markdown in
// Git: it validates them, and (in later versions) reports on and publishes
// them. See the README.
package main

import (
	"os"

	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/hugo"
)

func main() {
	// Hugo's server runs in a child process of this same program.
	if code, ok := hugo.Child(os.Args[1:], os.Stderr); ok {
		os.Exit(code)
	}
	os.Exit(cli.Code(cli.Execute(os.Args[1:], hugo.Linked{}), os.Stderr))
}
