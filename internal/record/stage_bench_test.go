package record

import (
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// BenchmarkStages measures each stage of reading one typical record (a
// synthetic progress review, as ect demo writes them).
func BenchmarkStages(b *testing.B) {
	src := []byte(syntheticReview)
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		b.Fatal(err)
	}
	doc, d := frontmatter.Parse("r.md", src)
	if d != nil {
		b.Fatal(d)
	}
	b.Run("frontmatter", func(b *testing.B) {
		for b.Loop() {
			frontmatter.Parse("r.md", src)
		}
	})
	b.Run("schema", func(b *testing.B) {
		for b.Loop() {
			if ds, _ := schemas.Validate(doc, "progress-review"); len(ds) > 0 {
				b.Fatal(ds)
			}
		}
	})
	b.Run("sections", func(b *testing.B) {
		for b.Loop() {
			parseSections(doc.Body(), doc.BodyLine)
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			var r Report
			if err := decode(&r, doc.Values()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

const syntheticReview = `---
kind: progress-review
ect: "8000001"
term: 2
period: {from: "2026-01-05", to: "2026-03-27"}
meeting: "2026-03-18"
tutor: tutor-a
mentor: mentor-a
fte: 1.0
days_absent: 1
on_track: true
programme_accessed: true
entitlements_met: true
answers: {ect_time: true}
released: {by: tutor-a, on: "2026-03-18"}
signatures:
  - {role: ect, by: "8000001", on: "2026-03-18"}
  - {role: tutor, by: tutor-a, on: "2026-03-18"}
---
## Summary of progress

The ECT plans well-sequenced lessons (TS4) and has established clear routines (TS7).

## Development targets

- Use hinge questions to check understanding before independent work (TS6).
- Adapt tasks for pupils with SEND (TS5).

## ECT comments

I agree with this report and have found the mentoring sessions useful.
`
