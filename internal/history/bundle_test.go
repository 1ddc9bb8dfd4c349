package history_test

import (
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/history"
)

// FuzzParseBundleHeader: the header parser never panics, and what it accepts
// it can write again.
func FuzzParseBundleHeader(f *testing.F) {
	f.Add([]byte("# v2 git bundle\n" + strings.Repeat("a", 40) + " refs/heads/main\n\nPACK"))
	f.Add([]byte("# v2 git bundle\n-" + strings.Repeat("b", 40) + "\n\n"))
	f.Add([]byte("# v3 git bundle\n@object-format=sha1\n\n"))
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, data []byte) {
		refs, n, err := history.ParseBundleHeader(data)
		if err != nil {
			return
		}
		if n > len(data) || len(refs) == 0 {
			t.Fatalf("n = %d of %d, %d refs", n, len(data), len(refs))
		}
		var b strings.Builder
		b.WriteString("# v2 git bundle\n")
		for _, r := range refs {
			b.WriteString(r.Hash.String() + " " + string(r.Name) + "\n")
		}
		b.WriteString("\n")
		again, m, err := history.ParseBundleHeader([]byte(b.String()))
		if err != nil || m != b.Len() || len(again) != len(refs) {
			t.Fatalf("written again: %v, %d refs", err, len(again))
		}
	})
}
