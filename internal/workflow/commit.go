// Package workflow makes the steps of a report's workflow as Git commits
// by the person who takes them: signing, the appropriate body's review,
// and replaying a folder of records into a new repository as the commits
// that would have made it.
package workflow

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/history"
)

// User is who is committing: from Git's configuration and environment,
// as git commit would take it.
type User struct {
	Name, Email string
	// When is the commit time: now, or GIT_AUTHOR_DATE when set.
	When time.Time
	// Sign is true when Git is configured to sign commits
	// (commit.gpgsign), which ect leaves to git itself.
	Sign bool
}

// CurrentUser reads user.name, user.email and commit.gpgsign from the
// repository's, the user's and the system's Git configuration, with
// GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE taking precedence.
func CurrentUser(repo *history.Repo, now time.Time) (User, error) {
	var opts [3]string
	for i, o := range [][2]string{{"user", "name"}, {"user", "email"}, {"commit", "gpgsign"}} {
		v, err := repo.ConfigOption(o[0], o[1])
		if err != nil {
			return User{}, err
		}
		opts[i] = v
	}
	// Git's booleans: true, yes, on or 1, in any case.
	sign := slices.Contains([]string{"true", "yes", "on", "1"}, strings.ToLower(opts[2]))
	u := User{Name: opts[0], Email: opts[1], When: now, Sign: sign}
	if v := os.Getenv("GIT_AUTHOR_NAME"); v != "" {
		u.Name = v
	}
	if v := os.Getenv("GIT_AUTHOR_EMAIL"); v != "" {
		u.Email = v
	}
	if v := os.Getenv("GIT_AUTHOR_DATE"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return User{}, fmt.Errorf("GIT_AUTHOR_DATE %q: give it as 2026-03-27T10:00:00Z", v)
		}
		u.When = t
	}
	if u.Email == "" {
		return User{}, errors.New("git does not know who you are: set it with git config --global user.email you@school.example (and user.name)")
	}
	return u, nil
}

// CommitFile commits new contents for one file (a path relative to the
// records folder) on top of HEAD, and writes it to the working folder.
// The file must be unchanged since HEAD: the commit carries only this
// change. Without signing history builds the commit, touching no other
// file; when the user's Git signs commits it runs git commit -S.
func CommitFile(repo *history.Repo, rel string, content []byte, message string, u User) (history.Hash, error) {
	who := history.Person{Name: u.Name, Email: u.Email, When: u.When}
	h, err := repo.CommitFile(rel, content, message, who, u.Sign)
	if errors.Is(err, history.ErrChanged) {
		return history.ZeroHash, fmt.Errorf("%s has changes that are not committed: commit them (or undo them) first, so that this commit adds only the signature", rel)
	}
	return h, err
}
