// Command ect keeps early career teacher induction records as Markdown in
// Git: it validates them, and (in later versions) reports on and publishes
// them. See the README.
package main

import (
	"os"

	"github.com/ectdocs/ectdocs/internal/cli"
)

func main() {
	os.Exit(cli.Code(cli.Execute(os.Args[1:]), os.Stderr))
}
