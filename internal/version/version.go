// Package version says which ect this is: its version and commit, the Go
// it was built with and the Hugo its portal is built with, read from the
// build information Go writes into every binary.
package version

import (
	"fmt"
	"io"
	"runtime/debug"
)

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
	// Hugo is the version of the Hugo linked into ect, which builds the
	// portal; "" when none is.
	Hugo string
}

// Read returns the running binary's Info; hugo is the version of the Hugo
// linked into it (portal.Generator's), "" when none is.
func Read(hugo string) Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = &debug.BuildInfo{}
	}
	return FromBuildInfo(bi, hugo)
}

// FromBuildInfo works out Info from build information and the linked
// Hugo's version.
func FromBuildInfo(bi *debug.BuildInfo, hugo string) Info {
	in := Info{Version: bi.Main.Version, Go: bi.GoVersion, Hugo: hugo}
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
	return in
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
		hugo = "not linked into this build"
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
