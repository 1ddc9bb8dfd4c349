package frontmatter_test

import (
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// The edits change one top-level key as text. Each case gives the whole
// file expected afterwards, so every other byte is checked unchanged.

const item = `{role: tutor, by: t-one, on: "2025-12-12"}`

type editCase struct {
	name string
	src  string
	edit func(d *frontmatter.Document) ([]byte, error)
	want string // the whole file after the edit
	err  string // or the error
	bug  string
}

func appendItem(key, item string) func(d *frontmatter.Document) ([]byte, error) {
	return func(d *frontmatter.Document) ([]byte, error) { return d.AppendItem(key, item) }
}

func setKey(key, value string) func(d *frontmatter.Document) ([]byte, error) {
	return func(d *frontmatter.Document) ([]byte, error) { return d.SetKey(key, value) }
}

func removeKey(key string) func(d *frontmatter.Document) ([]byte, error) {
	return func(d *frontmatter.Document) ([]byte, error) { return d.RemoveKey(key) }
}

var editCases = []editCase{
	// AppendItem
	{
		name: "append/block list, another key after it",
		src: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
## Summary
`,
		edit: appendItem("signatures", item),
		want: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
## Summary
`,
	},
	{
		name: "append/key last before the closing line",
		src: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
---
## Summary
`,
		edit: appendItem("signatures", item),
		want: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
---
## Summary
`,
	},
	{
		name: "append/items written as block mappings",
		src: `---
signatures:
  - role: ect
    by: "1234567"
    on: "2025-12-11"
tutor: t-one
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - role: ect
    by: "1234567"
    on: "2025-12-11"
  - {role: tutor, by: t-one, on: "2025-12-12"}
tutor: t-one
---
`,
	},
	{
		name: "append/items at the key's own indentation",
		src: `---
signatures:
- {role: ect, by: "1234567", on: "2025-12-11"}
tutor: t-one
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
- {role: ect, by: "1234567", on: "2025-12-11"}
- {role: tutor, by: t-one, on: "2025-12-12"}
tutor: t-one
---
`,
	},
	{
		name: "append/items indented four spaces",
		src: `---
signatures:
    - {role: ect, by: "1234567", on: "2025-12-11"}
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
    - {role: ect, by: "1234567", on: "2025-12-11"}
    - {role: tutor, by: t-one, on: "2025-12-12"}
---
`,
	},
	{
		name: "append/absent key is added at the end",
		src: `---
kind: progress-review
released: {by: t-one, on: "2025-12-10"}
---
## Summary

Text.
`,
		edit: appendItem("signatures", item),
		want: `---
kind: progress-review
released: {by: t-one, on: "2025-12-10"}
signatures:
  - {role: tutor, by: t-one, on: "2025-12-12"}
---
## Summary

Text.
`,
	},
	{
		name: "append/empty flow list",
		src: `---
kind: progress-review
signatures: []
tutor: t-one
---
`,
		edit: appendItem("signatures", item),
		want: `---
kind: progress-review
signatures:
  - {role: tutor, by: t-one, on: "2025-12-12"}
tutor: t-one
---
`,
	},
	{
		name: "append/null value",
		src: `---
signatures:
tutor: t-one
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - {role: tutor, by: t-one, on: "2025-12-12"}
tutor: t-one
---
`,
	},
	{
		name: "append/tilde",
		src: `---
signatures: ~
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - {role: tutor, by: t-one, on: "2025-12-12"}
---
`,
	},
	{
		name: "append/flow list with items is refused",
		src: `---
signatures: [{role: ect, by: "1234567", on: "2025-12-11"}]
---
`,
		edit: appendItem("signatures", item),
		err:  "signatures: is written as [...] on one line: write one entry a line (- {...}) so that entries can be added",
	},
	{
		name: "append/flow list over several lines is refused",
		src: `---
signatures: [
  {role: ect, by: "1234567", on: "2025-12-11"}
]
---
`,
		edit: appendItem("signatures", item),
		err:  "signatures: is written as [...]",
	},
	{
		name: "append/not a list",
		src: `---
signatures: {role: ect}
---
`,
		edit: appendItem("signatures", item),
		err:  "signatures: is not a list",
	},
	{
		name: "append/a text is not a list",
		src: `---
signatures: none yet
---
`,
		edit: appendItem("signatures", item),
		err:  "signatures: is not a list",
	},
	{
		name: "append/trailing comment lines stay after the new item",
		src: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  # the tutor signs next

# AB only below
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
  # the tutor signs next

# AB only below
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
`,
	},
	{
		name: "append/trailing comment and blank lines before the closing line",
		src: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
# end

---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
# end

---
`,
	},
	{
		name: "append/a comment between items",
		src: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  # signed in the meeting
  - {role: headteacher, by: h-head, on: "2025-12-11"}
tutor: t-one
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  # signed in the meeting
  - {role: headteacher, by: h-head, on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
tutor: t-one
---
`,
	},
	{
		name: "append/a comment on the key's line",
		src: `---
signatures: # oldest first
  - {role: ect, by: "1234567", on: "2025-12-11"}
---
`,
		edit: appendItem("signatures", item),
		want: `---
signatures: # oldest first
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
---
`,
	},
	{
		name: "append/closing line is ...",
		src: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
...
body
`,
		edit: appendItem("signatures", item),
		want: `---
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
...
body
`,
	},
	{
		name: "append/last item is a block scalar with a line starting #",
		src: `---
notes:
  - |
    # not a comment: text of the scalar
tutor: t-one
---
`,
		edit: appendItem("notes", `"second"`),
		want: `---
notes:
  - |
    # not a comment: text of the scalar
  - "second"
tutor: t-one
---
`,
	},
	{
		name: "append/absent key, file ends at the closing line without a newline",
		src:  "---\nkind: progress-review\n---",
		edit: appendItem("signatures", item),
		want: "---\nkind: progress-review\nsignatures:\n  - " + item + "\n---",
	},
	{
		name: "append/CRLF line endings",
		src:  "---\r\nkind: progress-review\r\nsignatures:\r\n  - {role: ect, by: \"1234567\", on: \"2025-12-11\"}\r\n---\r\nbody\r\n",
		edit: appendItem("signatures", item),
		want: "---\r\nkind: progress-review\r\nsignatures:\r\n  - {role: ect, by: \"1234567\", on: \"2025-12-11\"}\r\n  - " + item + "\r\n---\r\nbody\r\n",
	},

	{
		// Found by FuzzAppendItem: the key was added at the margin, below
		// keys written one space in, which is not YAML.
		name: "append/absent key, the keys indented, a flow mapping over two lines",
		src:  "---\n 00: #0000000000000\n   {0: 0,1: 0}\n---",
		edit: appendItem("signatures", item),
		want: "---\n 00: #0000000000000\n   {0: 0,1: 0}\n signatures:\n   - " + item + "\n---",
	},
	{
		name: "append/the keys indented",
		src:  "---\n  kind: progress-review\n  signatures:\n    - {role: ect, by: \"1234567\", on: \"2025-12-11\"}\n---\nbody\n",
		edit: appendItem("signatures", item),
		want: "---\n  kind: progress-review\n  signatures:\n    - {role: ect, by: \"1234567\", on: \"2025-12-11\"}\n    - " + item + "\n---\nbody\n",
	},
	{
		name: "append/an item that is not one entry is refused",
		src:  "---\nkind: progress-review\n---\n",
		edit: appendItem("signatures", "a\nkind: x"),
		err:  "is not one entry of a list",
	},
	// SetKey
	{
		name: "set/replace a one-line key",
		src: `---
kind: progress-review
ab_review: {by: ab-lead, on: "2025-12-15", decision: returned, feedback: "Add targets."}
tutor: t-one
---
## Summary
`,
		edit: setKey("ab_review", `{by: ab-lead, on: "2025-12-20", decision: accepted}`),
		want: `---
kind: progress-review
ab_review: {by: ab-lead, on: "2025-12-20", decision: accepted}
tutor: t-one
---
## Summary
`,
	},
	{
		name: "set/replace a block mapping, last before the closing line",
		src: `---
kind: progress-review
ab_review:
  by: ab-lead
  on: "2025-12-15"
  decision: returned
  feedback: Add targets.
---
## Summary
`,
		edit: setKey("ab_review", `{by: ab-lead, on: "2025-12-20", decision: accepted}`),
		want: `---
kind: progress-review
ab_review: {by: ab-lead, on: "2025-12-20", decision: accepted}
---
## Summary
`,
	},
	{
		name: "set/add an absent key at the end",
		src: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
---
## Summary
`,
		edit: setKey("ab_review", `{by: ab-lead, on: "2025-12-15", decision: accepted}`),
		want: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
## Summary
`,
	},
	{
		name: "set/a block value",
		src: `---
kind: progress-review
released: {by: t-one, on: "2025-12-10"}
---
`,
		edit: setKey("released", "\n  by: t-one\n  on: \"2025-12-11\""),
		want: `---
kind: progress-review
released:
  by: t-one
  on: "2025-12-11"
---
`,
	},
	{
		name: "set/the comment before the next key is kept",
		src: `---
released: {by: t-one, on: "2025-12-10"}
# filled in by the AB:
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
`,
		edit: setKey("released", `{by: t-one, on: "2025-12-11"}`),
		want: `---
released: {by: t-one, on: "2025-12-11"}
# filled in by the AB:
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
`,
	},

	// RemoveKey
	{
		name: "set/add a key, the keys indented",
		src:  "---\n  kind: progress-review\n---\nbody\n",
		edit: setKey("released", `{by: t-one, on: "2025-12-12"}`),
		want: "---\n  kind: progress-review\n  released: {by: t-one, on: \"2025-12-12\"}\n---\nbody\n",
	},
	{
		name: "set/a value that is not one value is refused",
		src:  "---\nkind: progress-review\n---\n",
		edit: setKey("released", "x\nkind: y"),
		err:  "is not one YAML value",
	},
	{
		name: "set/a value that would close the front matter is refused",
		src:  "---\nkind: progress-review\nz: 1\n---\nbody\n",
		edit: setKey("kind", "|\n  x\n---\n  y"),
		err:  "cannot edit this front matter",
	},
	{
		name: "remove/a block list in the middle",
		src: `---
kind: progress-review
signatures:
  - {role: ect, by: "1234567", on: "2025-12-11"}
  - {role: tutor, by: t-one, on: "2025-12-12"}
ab_review: {by: ab-lead, on: "2025-12-15", decision: returned, feedback: "Add targets."}
---
## Summary
`,
		edit: removeKey("signatures"),
		want: `---
kind: progress-review
ab_review: {by: ab-lead, on: "2025-12-15", decision: returned, feedback: "Add targets."}
---
## Summary
`,
	},
	{
		name: "remove/the last key",
		src: `---
kind: progress-review
ab_review: {by: ab-lead, on: "2025-12-15", decision: returned, feedback: "Add targets."}
---
## Summary
`,
		edit: removeKey("ab_review"),
		want: `---
kind: progress-review
---
## Summary
`,
	},
	{
		name: "remove/an absent key changes nothing",
		src: `---
kind: progress-review
---
## Summary
`,
		edit: removeKey("ab_review"),
		want: `---
kind: progress-review
---
## Summary
`,
	},
}

// addToLast is the AB's decision written on the current period.
func addToLast(fields ...[2]string) func(d *frontmatter.Document) ([]byte, error) {
	return func(d *frontmatter.Document) ([]byte, error) { return d.AddToLastItem("periods", fields) }
}

var (
	endField     = [2]string{"end", `"2026-07-21"`}
	outcomeField = [2]string{"outcome", `{result: pass, decided: "2026-07-24", by: ab-lead}`}
)

func init() {
	editCases = append(editCases, []editCase{
		{
			name: "last item/one period, fields added at its indentation",
			src: `---
kind: ect
periods:
  - start: "2024-09-02"
    fte: 1.0
extensions: []
---
Body
`,
			edit: addToLast(endField, outcomeField),
			want: `---
kind: ect
periods:
  - start: "2024-09-02"
    fte: 1.0
    end: "2026-07-21"
    outcome: {result: pass, decided: "2026-07-24", by: ab-lead}
extensions: []
---
Body
`,
		},
		{
			name: "last item/the last of two, with a block scalar, a nested list, CRLF and a comment after",
			src:  "---\r\nkind: ect\r\nperiods:\r\n- start: \"2023-09-01\"\r\n  fte: 1.0\r\n- start: \"2024-09-02\"\r\n  fte: 0.5\r\n  fte_changes:\r\n  - from: \"2025-01-06\"\r\n    fte: 0.6\r\n  note: >-\r\n    Moved school;\r\n    same AB.\r\n\r\n# extensions follow\r\nextensions: []\r\n---\r\nBody\r\n",
			edit: addToLast(endField),
			want: "---\r\nkind: ect\r\nperiods:\r\n- start: \"2023-09-01\"\r\n  fte: 1.0\r\n- start: \"2024-09-02\"\r\n  fte: 0.5\r\n  fte_changes:\r\n  - from: \"2025-01-06\"\r\n    fte: 0.6\r\n  note: >-\r\n    Moved school;\r\n    same AB.\r\n  end: \"2026-07-21\"\r\n\r\n# extensions follow\r\nextensions: []\r\n---\r\nBody\r\n",
		},
		{
			name: "last item/a field it has already is refused",
			src:  "---\nperiods:\n  - start: \"2024-09-02\"\n    end: \"2026-07-21\"\n---\n",
			edit: addToLast(endField),
			err:  "r.md:4:5: the last entry of periods: has end: already",
		},
		{
			name: "last item/a flow item is refused",
			src:  "---\nperiods:\n  - {start: \"2024-09-02\", fte: 1.0}\n---\n",
			edit: addToLast(endField),
			err:  "written as {...} on one line",
		},
		{
			name: "last item/a flow list is refused",
			src:  "---\nperiods: [{start: \"2024-09-02\"}]\n---\n",
			edit: addToLast(endField),
			err:  "written as [...] on one line",
		},
		{
			name: "last item/no list",
			src:  "---\nkind: ect\n---\n",
			edit: addToLast(endField),
			err:  "has no periods: list",
		},
	}...)
}

func TestEdit(t *testing.T) {
	for _, tc := range editCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" && os.Getenv("ECTDOCS_RUN_BUGS") == "" {
				t.Skip("BUG: " + tc.bug + " (ECTDOCS_RUN_BUGS=1 runs it)")
			}
			doc, d := frontmatter.Parse("r.md", []byte(tc.src))
			if d != nil {
				t.Fatalf("the case's file does not parse: %v", d)
			}
			src := string(doc.Src)
			got, err := tc.edit(doc)
			if string(doc.Src) != src {
				t.Error("the edit changed the document's own source")
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				if got != nil {
					t.Errorf("an error, and a result: %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if _, d := frontmatter.Parse("r.md", got); d != nil {
				t.Errorf("the result does not parse: %v", d)
			}
		})
	}
}

// FuzzAppendItem: whatever the file, AppendItem of a valid item never
// panics, and either refuses or gives a file that parses to exactly what
// it held before with the item added at the end of the list, and the same
// body (differential: the values are decoded before and after and
// compared whole).
func FuzzAppendItem(f *testing.F) {
	for _, tc := range editCases {
		f.Add(tc.src, item)
	}
	f.Add("---\nkind: x\n---\n", `{role: ect, by: "1", on: "2025-01-01"}`)
	f.Add("---\nsignatures:\n  - a\n  - b\n# c\nz: 1\n---\nbody\n", "c")
	f.Add("---\nsignatures:\n  - - nested\n---\n", "[x, y]")
	f.Add("---\n  kind: x\n  signatures:\n  - a\n---\n", "b")
	f.Fuzz(func(t *testing.T, src, item string) {
		doc, d := frontmatter.Parse("r.md", []byte(src))
		if d != nil {
			return
		}
		elem, ok := itemValue(item)
		if !ok {
			return
		}
		out, err := doc.AppendItem("signatures", item)
		old, _ := doc.Values()["signatures"].([]any)
		want := maps.Clone(doc.Values())
		want["signatures"] = append(slices.Clone(old), elem)
		exactEdit(t, doc, src, out, err, want)
	})
}

// FuzzSetKey: whatever the file and the value, SetKey (ect release,
// ect ab-review) never panics, and either refuses or gives a file that
// parses to exactly the old values with the key set, and the same body.
func FuzzSetKey(f *testing.F) {
	for _, tc := range editCases {
		f.Add(tc.src, "released", `{by: t-one, on: "2025-12-12"}`)
	}
	f.Add("---\n 00: #0000000000000\n   {0: 0,1: 0}\n---", "ab_review", "{by: ab-lead}")
	f.Add("---\nkind: x\nsignatures:\n  - a\n---\n", "signatures", "\n  - a\n  - b")
	f.Fuzz(func(t *testing.T, src, key, value string) {
		doc, d := frontmatter.Parse("r.md", []byte(src))
		if d != nil {
			return
		}
		sep := " "
		if strings.HasPrefix(value, "\n") {
			sep = ""
		}
		v, ok := fieldValue(key, sep+value)
		if !ok {
			return
		}
		out, err := doc.SetKey(key, value)
		want := maps.Clone(doc.Values())
		want[key] = v
		exactEdit(t, doc, src, out, err, want)
	})
}

// FuzzRemoveKey: whatever the file, RemoveKey (the demo's replay) never
// panics, and either refuses or gives a file that parses to exactly the
// old values less the key, and the same body.
func FuzzRemoveKey(f *testing.F) {
	for _, tc := range editCases {
		f.Add(tc.src, "signatures")
	}
	f.Add("---\n 00: #0000000000000\n   {0: 0,1: 0}\n 01: x\n---", "00")
	f.Fuzz(func(t *testing.T, src, key string) {
		doc, d := frontmatter.Parse("r.md", []byte(src))
		if d != nil {
			return
		}
		out, err := doc.RemoveKey(key)
		want := maps.Clone(doc.Values())
		delete(want, key)
		exactEdit(t, doc, src, out, err, want)
	})
}

// exactEdit checks the result of an edit: refused with no result, or a
// file that parses to exactly want, with the body as it was; and the
// document's own source untouched either way.
func exactEdit(t *testing.T, doc *frontmatter.Document, src string, out []byte, err error, want map[string]any) {
	t.Helper()
	if string(doc.Src) != src {
		t.Fatal("the edit changed the document's own source")
	}
	if err != nil {
		if out != nil {
			t.Fatalf("an error (%v), and a result: %q", err, out)
		}
		return
	}
	got, d := frontmatter.Parse("r.md", out)
	if d != nil {
		t.Fatalf("the result does not parse: %v\n%s", d, out)
	}
	if !reflect.DeepEqual(got.Values(), want) {
		t.Fatalf("the front matter is\n%#v\nwant\n%#v\n%s", got.Values(), want, out)
	}
	if string(got.Body()) != string(doc.Body()) {
		t.Fatalf("the body changed:\n%s", out)
	}
}

// fieldValue reads what a field written key + ":" + text holds, when that
// is one field.
func fieldValue(key, text string) (any, bool) {
	doc, d := frontmatter.Parse("v.md", []byte("---\n"+key+":"+text+"\n---\n"))
	if d != nil || len(doc.Values()) != 1 {
		return nil, false
	}
	v, ok := doc.Values()[key]
	return v, ok
}

// itemValue reads an item as AppendItem takes it: one line of YAML that
// is, on its own, one entry of a list.
func itemValue(item string) (any, bool) {
	if strings.ContainsAny(item, "\r\n") {
		return nil, false
	}
	doc, d := frontmatter.Parse("item.md", []byte("---\nk:\n  - "+item+"\n---\n"))
	if d != nil {
		return nil, false
	}
	list, ok := doc.Values()["k"].([]any)
	if !ok || len(list) != 1 || len(doc.Values()) != 1 {
		return nil, false
	}
	return list[0], true
}

// TestEditFlowFrontMatter: front matter written as one flow mapping is
// valid YAML; an edit must refuse it or keep it valid.
func TestEditFlowFrontMatter(t *testing.T) {
	doc, d := frontmatter.Parse("r.md", []byte("---\n{kind: progress-review, signatures: []}\n---\nbody\n"))
	if d != nil {
		t.Fatal(d)
	}
	out, err := doc.AppendItem("signatures", item)
	if err != nil {
		out = nil // refusing is fine
	}
	if out == nil {
		// refused
	} else if got, d := frontmatter.Parse("r.md", out); d != nil {
		t.Errorf("AppendItem gave a file that does not parse (%v):\n%s", d, out)
	} else if list, _ := got.Values()["signatures"].([]any); got.Values()["kind"] != "progress-review" || len(list) != 1 {
		t.Errorf("AppendItem lost a field or the item:\n%s", out)
	}
	if out, err := doc.SetKey("ab_review", "{by: ab-lead}"); err == nil {
		if _, d := frontmatter.Parse("r.md", out); d != nil {
			t.Errorf("SetKey gave a file that does not parse: %v", d)
		}
	}
}

// FuzzAddToLastItem: whatever the file, AddToLastItem (ect outcome) never
// panics, and either refuses or gives a file that parses to exactly what
// it held before with the field added to the list's last item, and the
// same body.
func FuzzAddToLastItem(f *testing.F) {
	for _, tc := range editCases {
		f.Add(tc.src, "end", `"2026-07-21"`)
	}
	f.Add("---\nperiods:\n  - a: 1\n    b: |\n      x\n# c\nz: 1\n---\nbody\n", "outcome", "{result: fail}")
	f.Add("---\n  kind: ect\n  periods:\n    - start: x\n---\n", "end", "y")
	f.Fuzz(func(t *testing.T, src, key, value string) {
		doc, d := frontmatter.Parse("r.md", []byte(src))
		if d != nil {
			return
		}
		added, ok := itemValue("{" + key + ": " + value + "}")
		if m, isMap := added.(map[string]any); !ok || !isMap || len(m) != 1 {
			return
		} else if _, has := m[key]; !has {
			return
		}
		out, err := doc.AddToLastItem("periods", [][2]string{{key, value}})
		if err != nil {
			exactEdit(t, doc, src, out, err, nil)
			return
		}
		old, ok := doc.Values()["periods"].([]any)
		if !ok || len(old) == 0 {
			t.Fatalf("AddToLastItem added to periods: %#v", doc.Values()["periods"])
		}
		last, ok := old[len(old)-1].(map[string]any)
		if !ok {
			t.Fatalf("AddToLastItem added to a last item that is not a mapping: %#v", old[len(old)-1])
		}
		last = maps.Clone(last)
		last[key] = added.(map[string]any)[key]
		list := slices.Clone(old)
		list[len(list)-1] = last
		want := maps.Clone(doc.Values())
		want["periods"] = list
		exactEdit(t, doc, src, out, err, want)
	})
}
