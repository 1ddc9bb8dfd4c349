// Package version says which ect this is: its version and commit, the Go
// it was built with and the Hugo its portal is built with, read from the
// build information Go writes into every binary.
package version

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// HugoModule is the Go module path of Hugo.
const HugoModule = "github.com/gohugoio/hugo"

// Info is what ect version prints.
type Info struct {
	// Version is the module version ect was built as: a release tag
	// (v1.2.3), a pseudo-version, or "(devel)" for a build from a checkout.
	Version string
	// Commit, CommitTime and Modified come from the version control
	// information go build records in a checkout; empty when there is none.
	Commit, CommitTime string
	Modified           bool
	// Go is the Go version ect was built with.
	Go string
	// Hugo is the version of Hugo the portal is built with.
	Hugo string
}

// Read returns the running binary's Info. hugoModfile is site/hugo.mod,
// which pins Hugo; a Hugo linked into the binary is reported as linked.
func Read(hugoModfile string) Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = &debug.BuildInfo{}
	}
	return FromBuildInfo(bi, hugoModfile)
}

// FromBuildInfo works out Info from build information and site/hugo.mod.
func FromBuildInfo(bi *debug.BuildInfo, hugoModfile string) Info {
	in := Info{Version: bi.Main.Version, Go: bi.GoVersion, Hugo: Pinned(hugoModfile)}
	if in.Version == "" {
		in.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Commit = s.Value
		case "vcs.time":
			in.CommitTime = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		if d.Path == HugoModule {
			in.Hugo = d.Version
		}
	}
	return in
}

// Pinned returns the Hugo version a go.mod-format file requires, or ""
// when it requires none.
func Pinned(modfile string) string {
	for line := range strings.Lines(modfile) {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(f) >= 2 && f[0] == HugoModule {
			return f[1]
		}
	}
	return ""
}

// Short is the version on one line, as ect --version prints it.
func (in Info) Short() string {
	s := "ect " + in.Version
	if in.Commit != "" {
		s += " (" + shortCommit(in.Commit)
		if in.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s
}

// WriteText writes the version, one fact a line.
func (in Info) WriteText(w io.Writer) error {
	commit := "not recorded (built outside a Git checkout, or with -buildvcs=false)"
	if in.Commit != "" {
		commit = in.Commit
		if in.CommitTime != "" {
			commit += " (" + in.CommitTime + ")"
		}
		if in.Modified {
			commit += ", with changes not committed"
		}
	}
	hugo := in.Hugo
	if hugo == "" {
		hugo = "not known"
	}
	_, err := fmt.Fprintf(w, "ect %s\ncommit: %s\ngo: %s\nhugo: %s\n", in.Version, commit, orUnknown(in.Go), hugo)
	return err
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func orUnknown(s string) string {
	if s == "" {
		return "not known"
	}
	return s
}
