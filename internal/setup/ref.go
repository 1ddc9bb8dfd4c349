package setup

import (
	"fmt"
	"regexp"

	"github.com/ectdocs/ectdocs/internal/version"
)

// Action is ectdocs' GitHub Action, which the workflows use at a ref.
const Action = "ectdocs/ectdocs"

var (
	releaseTag    = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)
	pseudoVersion = regexp.MustCompile(`[0-9]{14}-[0-9a-f]{12}$`)
	commitHash    = regexp.MustCompile(`^[0-9a-f]{40}$`)
	givenRef      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$`)
)

// Ref returns the ref of ectdocs' Action that the workflows pin: given
// (--ect-version) when set; else the running ect's version when it is a
// release tag; else the commit it was built from, when Go recorded it;
// else main, with a warning to pin a release.
func Ref(in version.Info, given string) (ref, warning string, err error) {
	switch {
	case given != "":
		if !givenRef.MatchString(given) || regexp.MustCompile(`\.\.|//|\.$|/$`).MatchString(given) {
			return "", "", fmt.Errorf("--ect-version %q is not a tag, branch or commit of %s (e.g. v1.4.0)", given, Action)
		}
		return given, "", nil
	case releaseTag.MatchString(in.Version) && !pseudoVersion.MatchString(in.Version):
		return in.Version, "", nil
	case commitHash.MatchString(in.Commit):
		if in.Modified {
			warning = fmt.Sprintf("this ect was built from commit %s with changes not committed: the workflows run that commit's ect, without the changes; pin a release with --ect-version", in.Commit[:12])
		}
		return in.Commit, warning, nil
	}
	return "main", fmt.Sprintf("this ect (%s) is not a release and says nothing of its commit: the workflows use %s@main, which changes under you; pin a release with --ect-version vX.Y.Z", in.Version, Action), nil
}
