package audit

import (
	"strings"
	"testing"
)

func TestParseErasure(t *testing.T) {
	h1, h2 := strings.Repeat("a", 40), strings.Repeat("b", 40)
	good := "---\nkind: erasure\nby: c-harcourt\non: \"2026-12-04\"\nreason: request\npolicy: p\nfrom: " + h1 + "\ncommits:\n  " + h1 + ": " + h2 + "\n---\ntext\n"
	for _, tc := range []struct {
		name, src, err string
	}{
		{"good", good, ""},
		{"no front matter", "kind: erasure\n", "no front matter"},
		{"unknown field", strings.Replace(good, "policy: p", "policy: p\ntrn: \"9900101\"", 1), "not found"},
		{"other kind", strings.Replace(good, "kind: erasure", "kind: ect", 1), "needs kind: erasure"},
		{"short hash", strings.Replace(good, "from: "+h1, "from: abc", 1), "needs kind: erasure"},
		{"bad target", strings.Replace(good, ": "+h2, ": HEAD", 1), "is not a commit's full hash"},
		{"left out", strings.Replace(good, ": "+h2, ": \"\"", 1), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseErasure([]byte(tc.src))
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("ParseErasure: %v, want %q", err, tc.err)
			}
		})
	}
}

// FuzzParseErasure: whatever an erasure record holds, it is read or
// refused, never a panic, and what is read names full hashes only.
func FuzzParseErasure(f *testing.F) {
	h := strings.Repeat("0", 40)
	f.Add([]byte("---\nkind: erasure\nby: x\non: y\nfrom: " + h + "\ncommits:\n  " + h + ": \"\"\n---\n"))
	f.Add([]byte("---\n&a [*a]\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		e, err := ParseErasure(src)
		if err != nil {
			return
		}
		for was, now := range e.Commits {
			if !isHash(was) || now != "" && !isHash(now) {
				t.Errorf("read %q: %q", was, now)
			}
		}
	})
}
