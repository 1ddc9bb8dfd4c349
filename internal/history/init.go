package history

import (
	"fmt"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// Init makes dir (which must exist) a new, empty Git repository whose
// first branch is branch ("main"), as git init -b branch does. It makes no
// commit.
func Init(dir, branch string) error {
	if err := checkBranchName(branch); err != nil {
		return err
	}
	_, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(branch)},
	})
	if err != nil {
		return fmt.Errorf("git init %s: %w", dir, err)
	}
	return nil
}
