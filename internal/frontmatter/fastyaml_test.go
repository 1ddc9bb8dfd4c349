package frontmatter

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	yaml "go.yaml.in/yaml/v4"
)

// libraryParse is what fastParse must agree with.
func libraryParse(src []byte) (*yaml.Node, error) {
	var n yaml.Node
	if err := yaml.Load(src, &n, noAliases); err != nil {
		return nil, err
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0], nil
	}
	return &n, nil
}

// sameTree compares what the rest of ectdocs reads from a node tree.
func sameTree(a, b *yaml.Node, path string) error {
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Value != b.Value || a.Anchor != b.Anchor || a.Line != b.Line || a.Column != b.Column || a.Style != b.Style {
		return fmt.Errorf("%s: fast {kind %v tag %s value %q anchor %q at %d:%d style %v} != library {kind %v tag %s value %q anchor %q at %d:%d style %v}",
			path, a.Kind, a.ShortTag(), a.Value, a.Anchor, a.Line, a.Column, a.Style, b.Kind, b.ShortTag(), b.Value, b.Anchor, b.Line, b.Column, b.Style)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: %d children, library has %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if err := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkFast fails if fastParse accepts src and reads it differently from the
// library, and reports whether it accepted.
func checkFast(t *testing.T, src []byte) bool {
	t.Helper()
	fast, ok := fastParse(src)
	if !ok {
		return false
	}
	lib, err := libraryParse(src)
	if err != nil {
		t.Fatalf("fast path accepted what the library rejects (%v):\n%s", err, src)
	}
	if err := sameTree(fast, lib, ""); err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return true
}

func frontOf(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil
	}
	end := bytes.Index(src[4:], []byte("\n---"))
	if end < 0 {
		return nil
	}
	return src[4 : 4+end+1]
}

// TestFastYAMLOnDemo: the fast path reads every demo record, exactly as the
// library does.
func TestFastYAMLOnDemo(t *testing.T) {
	demo := ectdocs.Demo()
	n := 0
	err := fs.WalkDir(demo, "records", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := fs.ReadFile(demo, p)
		if err != nil {
			return err
		}
		if !checkFast(t, frontOf(src)) {
			t.Errorf("%s: the fast path gave up", p)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walked %d files: %v", n, err)
	}
}

var fastCases = []struct {
	src    string
	accept bool
}{
	{"a: 1\nb: x\n", true},
	{"a: 2026-01-01\nb: 123\nc: 1.5\nd: -3\ne: true\nf: null\ng: ~\n", true},
	{"a: {b: 1, c: \"x, y\", d: [TS1, TS2]}\n", true},
	{"a:\n  - {role: ect, by: \"1234567\", on: \"2026-01-01\"}\n  - x\n", true},
	{"a:\n- b\n- c\nd: e\n", true},
	{"list:\n  - id: x\n    name: Y Z\n  - id: w\n", true},
	{"a: >-\n  one\n  two\nb: |\n  x\n  y\n", true},
	{"a: 'it''s'\nb: \"say \\\"hi\\\"\"\n", true},
	{"a: x # comment\n# whole line\nb: z\n", true},
	{"a: yes\n", false},         // YAML 1.1 boolean
	{"a: 0x1F\n", false},        // hex
	{"a: &x 1\nb: *x\n", false}, // anchors
	{"a: &x 1\n", false},        // an anchor without an alias
	{"&k a: 1\n", false},
	{"a: {b: &x 1}\n", false},
	{"a:\n  - &x b\n", false},
	{"a: &x\n  b: 1\n", false},
	{"a: !!str x\n", false}, // tags
	{"a: b: c\n", false},
	{"a: one\n  two\n", false}, // multi-line plain
	{"a: \"one\n  two\"\n", false},
	{"a:\n", false},
	{"a: >-\n  one\n\n  two\n", false},
	{"a: \"\\n\"\n", false},
	{"\"a\": 1\n", false},
	{"a: [1, 2\n", false},
	{"a: {b: }\n", false},
	{"a: 1\n b: 2\n", false},
	{"- a\n", false},
}

func TestFastYAMLCases(t *testing.T) {
	for _, tc := range fastCases {
		if got := checkFast(t, []byte(tc.src)); got != tc.accept {
			t.Errorf("fastParse(%q) accepted = %v, want %v", tc.src, got, tc.accept)
		}
	}
}

// FuzzFastYAML: whatever the fast path accepts, the library reads the same.
func FuzzFastYAML(f *testing.F) {
	for _, tc := range fastCases {
		f.Add([]byte(tc.src))
	}
	f.Add(frontOf([]byte(syntheticFront)))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFast(t, src)
	})
}

const syntheticFront = "---\nkind: progress-review\nect: \"8000001\"\nperiod: {from: \"2026-01-05\", to: \"2026-03-27\"}\nfte: 1.0\nanswers: {ect_time: true}\nsignatures:\n  - {role: ect, by: \"8000001\", on: \"2026-03-18\"}\nstandards_of_concern:\n  - standard: TS7\n    evidence: >-\n      Routines are\n      not yet consistent.\n---\n"
