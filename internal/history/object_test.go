package history

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestAppendCommit: the one commit encoding (PackWriter's, and the
// repositories' and bundles' writers') gives the bytes go-git encodes,
// so that a commit copied into a bundle keeps its hash.
func TestAppendCommit(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	summer := time.Date(2026, 7, 1, 16, 0, 1, 0, london)
	ada := Person{Name: "Ada Lovelace", Email: "ada@school.example", When: summer}
	tests := []struct {
		name string
		c    NewCommit
	}{
		{"first", NewCommit{Author: ada, Committer: ada, Message: "Register the body\n", Tree: plumbing.NewHash("4b825dc642cb6eb9a060e54bf8d69288fbee4904")}},
		{"merge", NewCommit{Author: ada, Committer: Person{Name: "Tom Tutor", Email: "t@x.example", When: summer.In(time.UTC)},
			Message: "Merge\n\nTrailer: x\n", Tree: Hash{1}, Parents: []Hash{{2}, {3}}}},
		{"behind UTC, no newline", NewCommit{Author: Person{Name: "N", Email: "n@x.example", When: summer.In(time.FixedZone("NST", -(3*60+30)*60))},
			Committer: ada, Message: "no newline", Tree: Hash{4}, Parents: []Hash{{5}}}},
		{"before 1970", NewCommit{Author: Person{Name: "Old", Email: "o@x.example", When: time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC)},
			Committer: ada, Message: "old\n", Tree: Hash{6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := func(p Person) object.Signature { return object.Signature{Name: p.Name, Email: p.Email, When: p.When} }
			want, err := encoded((&object.Commit{Author: sig(tt.c.Author), Committer: sig(tt.c.Committer), Message: tt.c.Message,
				TreeHash: tt.c.Tree, ParentHashes: tt.c.Parents}).Encode)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendCommit(nil, tt.c); !bytes.Equal(got, want) {
				t.Errorf("appendCommit:\n%s\ngo-git encodes:\n%s", got, want)
			}
		})
	}
}

// TestGitOrder: a tree's entries sort as Git sorts them, a folder's name
// as if it ended in "/", whether PackWriter or go-git encodes the tree.
func TestGitOrder(t *testing.T) {
	want := []object.TreeEntry{
		{Name: "a-b.md", Mode: filemode.Regular},
		{Name: "a.md", Mode: filemode.Regular},
		{Name: "a", Mode: filemode.Dir},
		{Name: "a0", Mode: filemode.Regular},
		{Name: "ab", Mode: filemode.Dir},
		{Name: "abc", Mode: filemode.Regular},
		{Name: "b", Mode: filemode.Regular},
	}
	for _, start := range [][]int{{6, 5, 4, 3, 2, 1, 0}, {2, 0, 6, 1, 5, 3, 4}} {
		got := make([]object.TreeEntry, len(start))
		for i, k := range start {
			got[i] = want[k]
		}
		sortEntries(got)
		if !slices.Equal(got, want) {
			t.Errorf("sorted %v, want %v", got, want)
		}
	}
	if c := gitOrder("a", true, "a", false); c <= 0 {
		t.Errorf("gitOrder(folder a, file a) = %d: the folder sorts as a/, after the file", c)
	}
	if c := gitOrder("x", false, "x", false); c != 0 {
		t.Errorf("gitOrder(x, x) = %d", c)
	}
}
