package record

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// TestDecodeMatchesYAML: decode reads every demo record into the same
// typed value as the YAML library's own decoder.
func TestDecodeMatchesYAML(t *testing.T) {
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
		doc, diag := frontmatter.Parse(p, src)
		if diag != nil {
			t.Fatal(diag)
		}
		var mine, theirs any
		switch Kind(doc.Values()["kind"].(string)) {
		case KindBody:
			mine, theirs = &Body{}, &Body{}
		case KindSchool:
			mine, theirs = &School{}, &School{}
		case KindECT:
			mine, theirs = &ECT{}, &ECT{}
		case KindProgressReview, KindFormalAssessment:
			mine, theirs = &Report{}, &Report{}
		case KindObservation:
			mine, theirs = &Observation{}, &Observation{}
		case KindSupportPlan:
			mine, theirs = &SupportPlan{}, &SupportPlan{}
		case KindMentoringLog:
			mine, theirs = &MentoringLog{}, &MentoringLog{}
		}
		if err := decode(mine, doc.Values()); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if err := doc.Root().Decode(theirs); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !reflect.DeepEqual(mine, theirs) {
			t.Errorf("%s: decode gives\n%+v\nthe YAML library\n%+v", p, mine, theirs)
		}
		n++
		return nil
	})
	if err != nil || n < 50 {
		t.Fatalf("checked %d files: %v", n, err)
	}
}

func TestDecodeWrongTypes(t *testing.T) {
	var r Report
	err := decode(&r, map[string]any{"term": "two", "tutor": "t-one", "signatures": "none"})
	if err == nil || !strings.Contains(err.Error(), ".term") || !strings.Contains(err.Error(), ".signatures") {
		t.Fatalf("err = %v, want complaints about .term and .signatures", err)
	}
	if r.Tutor != "t-one" {
		t.Errorf("Tutor = %q: the good fields are still read", r.Tutor)
	}
}
