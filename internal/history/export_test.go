package history

import "time"

// WalkGit and WalkGoGit are the two walkers Walk chooses between, for the
// tests that compare them.
func (r *Repo) WalkGit(opt Options) (*History, error)   { return r.walkGit(opt) }
func (r *Repo) WalkGoGit(opt Options) (*History, error) { return r.walkGoGit(opt) }

// ErrGitWalk is a history the git walker leaves to go-git.
var ErrGitWalk = errGitWalk

// SetStallTimeout changes how long git may write nothing, until the
// returned function puts it back.
func SetStallTimeout(d time.Duration) (restore func()) {
	old := stallTimeout
	stallTimeout = d
	return func() { stallTimeout = old }
}
