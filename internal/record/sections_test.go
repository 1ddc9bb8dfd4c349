package record

import (
	"os"
	"strings"
	"testing"
)

func TestParseSections(t *testing.T) {
	type sec struct {
		heading string
		line    int
		empty   bool
		source  string // compared when not "-"
	}
	for _, tc := range []struct {
		name      string
		body      string
		firstLine int
		want      []sec
		bug       string
	}{
		{name: "empty body", body: "", firstLine: 5},
		{name: "no headings", body: "Some text.\n\nMore.\n", firstLine: 5},
		{
			name: "sections with and without content", firstLine: 12,
			body: "## Summary of progress\n\nGood (TS4).\n\n## Development targets\n\n## ECT comments\nAgreed.\n",
			want: []sec{
				{"Summary of progress", 12, false, "\nGood (TS4).\n\n"},
				{"Development targets", 16, true, "\n"},
				{"ECT comments", 18, false, "Agreed.\n"},
			},
		},
		{
			name: "text before the first section belongs to none", firstLine: 1,
			body: "Intro.\n\n## A\nx\n",
			want: []sec{{"A", 3, false, "x\n"}},
		},
		{
			name: "HTML comments only count as empty", firstLine: 1,
			body: "## A\n<!-- Summarise the evidence. -->\n\n## B\n<!--\nmulti-line\nguidance\n-->\n\n## C\nText <!-- inline --> here.\n",
			want: []sec{
				{"A", 1, true, "<!-- Summarise the evidence. -->\n\n"},
				{"B", 4, true, "-"},
				{"C", 10, false, "Text <!-- inline --> here.\n"},
			},
		},
		{
			// Raw HTML is never rendered (portal and PDFs escape it), so an
			// answer written only in HTML would be lost: it counts as empty.
			name: "raw HTML is not an answer", firstLine: 1,
			body: "## A\n<details>\n<summary>Evidence</summary>\nObserved on 3 March.\n</details>\n",
			want: []sec{{"A", 1, true, "-"}},
		},
		{
			name: "sub-headings", firstLine: 1,
			body: "## A\n### Only a sub-heading\n\n## B\n### Sub\nText.\n#### Deeper\n",
			want: []sec{
				{"A", 1, true, "### Only a sub-heading\n\n"},
				{"B", 4, false, "### Sub\nText.\n#### Deeper\n"},
			},
		},
		{
			name: "a level-1 heading ends a section", firstLine: 1,
			body: "## A\ntext\n# Part\nnot in A\n## B\n",
			want: []sec{{"A", 1, false, "text\n"}, {"B", 5, true, ""}},
		},
		{
			name: "thematic break is not content", firstLine: 1,
			body: "## A\n\n***\n\n## B\n- item\n",
			want: []sec{{"A", 1, true, "-"}, {"B", 5, false, "- item\n"}},
		},
		{
			name: "setext headings", firstLine: 3,
			body: "Summary of progress\n-------------------\nText.\n\nTitle\n=====\nOutside.\n",
			want: []sec{{"Summary of progress", 3, false, "-"}},
		},
		{
			name: "setext heading's source", firstLine: 1,
			body: "A\n---\ntext\n",
			want: []sec{{"A", 1, false, "text\n"}},
		},
		{
			name: "headings in code blocks are not headings", firstLine: 1,
			body: "## A\n```\n## not a heading\n```\n\n## B\n    ## indented code\n",
			want: []sec{
				{"A", 1, false, "```\n## not a heading\n```\n\n"},
				{"B", 6, false, "    ## indented code\n"},
			},
		},
		{
			name: "headings in quotes and lists are not sections", firstLine: 1,
			body: "> ## Quoted\n\n## A\n- ## in a list\n",
			want: []sec{{"A", 3, false, "- ## in a list\n"}},
		},
		{
			name: "heading text is plain", firstLine: 1,
			body: "##   TS1 *Set* `high`  expectations ##\nx\n",
			want: []sec{{"TS1 Set high expectations", 1, false, "x\n"}},
		},
		{
			name: "CRLF", firstLine: 20,
			body: "## A\r\ntext\r\n\r\n## B\r\n",
			want: []sec{{"A", 20, false, "text\r\n\r\n"}, {"B", 23, true, ""}},
		},
		{
			name: "empty heading after a section", firstLine: 1,
			body: "## A\ntext\n##\n",
			want: []sec{{"A", 1, false, "text\n"}, {"", 3, true, ""}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" && os.Getenv("ECTDOCS_RUN_BUGS") == "" {
				t.Skip("BUG: " + tc.bug + " (ECTDOCS_RUN_BUGS=1 runs it)")
			}
			got := parseSections([]byte(tc.body), tc.firstLine)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d sections, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Heading != w.heading || g.Line != w.line || g.Column != 1 || g.Empty != w.empty || (w.source != "-" && g.Source != w.source) {
					t.Errorf("section %d:\n got  %+v\n want %+v", i, g, w)
				}
			}
		})
	}
}

func FuzzParseSections(f *testing.F) {
	for _, s := range []string{"", "## A\ntext\n", "A\n---\n", "## A\n<!-- c -->\n# B\n", "```\n## x\n```\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		lines := strings.Count(body, "\n") + 1
		for _, s := range parseSections([]byte(body), 1) {
			if s.Line < 1 || s.Line > lines {
				t.Errorf("section %q on line %d of %d", s.Heading, s.Line, lines)
			}
		}
	})
}
