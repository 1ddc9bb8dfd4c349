package history

import (
	"slices"
	"strings"
	"testing"
)

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		name, out, prefix string
		want              []string
		err               bool
	}{
		{name: "nothing", out: "", want: nil},
		{name: "changed, added, removed, ignored", prefix: "records",
			out:  " M records/a.md\x00?? records/new/b.md\x00 D records/c.md\x00!! records/tmp/\x00?? other/x.md\x00",
			want: []string{"a.md", "new/b.md", "c.md", "tmp"}},
		{name: "the records at the root", out: "A  body.md\x00?? schools/x y/\"q\".md\x00", want: []string{"body.md", "schools/x y/\"q\".md"}},
		{name: "a name with a newline", out: "?? a\nb.md\x00", want: []string{"a\nb.md"}},
		{name: "not ended", out: " M a.md", err: true},
		{name: "too short", out: "M\x00", err: true},
		{name: "no space", out: " Mxa.md\x00", err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStatus([]byte(tc.out), tc.prefix)
			if (err != nil) != tc.err {
				t.Fatalf("error %v, want one: %v", err, tc.err)
			}
			if !tc.err && !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzParseStatus: whatever git status prints, parseStatus neither
// panics nor returns a path outside the records folder.
func FuzzParseStatus(f *testing.F) {
	f.Add([]byte(" M records/a.md\x00?? records/new/\x00"), "records")
	f.Add([]byte("!! x\x00"), "")
	f.Fuzz(func(t *testing.T, out []byte, prefix string) {
		paths, err := parseStatus(out, prefix)
		if err != nil {
			return
		}
		for _, p := range paths {
			if prefix != "" && strings.HasPrefix(p, "../") {
				t.Errorf("%q: outside the records folder", p)
			}
		}
	})
}
