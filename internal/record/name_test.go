package record_test

import (
	"testing"

	"github.com/ectdocs/ectdocs/internal/record"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Oakfield Primary", "oakfield-primary"},
		{"St Mary's C of E Primary", "st-mary-s-c-of-e-primary"},
		{"École Française de Londres", "ecole-francaise-de-londres"},
		{"  Brackenridge -- Academy!  ", "brackenridge-academy"},
		{"Harbour View No. 2", "harbour-view-no-2"},
		{"¿?", ""},
	} {
		if got := record.Slug(tc.name); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestSchoolDir: the folder SchoolDir names is the one Place reads back.
func TestSchoolDir(t *testing.T) {
	dir := record.SchoolDir(990101, "Oakfield Primary")
	if dir != "schools/990101-oakfield-primary" {
		t.Fatalf("SchoolDir = %q", dir)
	}
	pl := record.PlaceOf(dir + "/school.md")
	if pl.Kind != record.KindSchool || pl.SchoolURN != 990101 || pl.SchoolDir != dir {
		t.Errorf("PlaceOf(%s/school.md) = %+v", dir, pl)
	}
}
