package record

import "testing"

func TestChangeScope(t *testing.T) {
	const (
		ect    = "schools/100001-oak/ects/1000001"
		other  = "schools/100001-oak/ects/1000002"
		abroad = "schools/100002-ash/ects/1000003"
	)
	type probe struct {
		rel  string
		dir  bool
		want bool
	}
	for _, tc := range []struct {
		name    string
		changed []string
		all     bool // nil scope: everything
		probes  []probe
		profile map[string]bool // ProfileOnly of ECT folders
	}{
		{name: "body.md", changed: []string{"body.md"}, all: true},
		{name: "outside the schools", changed: []string{"README.md"}, all: true},
		{name: "a file beside the schools", changed: []string{"schools/notes.md"}, all: true},
		{name: "a report", changed: []string{ect + "/reports/2026-27-autumn-progress-review.md"},
			probes: []probe{
				{"body.md", false, true}, {"schools", true, true}, {"schools/100001-oak", true, true},
				{"schools/100001-oak/school.md", false, true}, {"schools/100002-ash/school.md", false, true},
				{"schools/100001-oak/ects", true, true}, {ect, true, true}, {ect + "/reports", true, true},
				{ect + "/reports/2025-26-autumn-progress-review.md", false, true},
				{other, true, false}, {other + "/ect.md", false, false}, {abroad, true, false},
				{"schools/100001-oak/notes.md", false, false}, {"other", true, false},
			},
			profile: map[string]bool{ect: false, other: false}},
		{name: "a profile", changed: []string{ect + "/ect.md"},
			probes: []probe{
				{ect + "/mentoring.md", false, true}, {other, true, true}, {other + "/ect.md", false, true},
				{other + "/mentoring.md", false, false}, {other + "/reports", true, false}, {abroad + "/ect.md", false, true},
			},
			profile: map[string]bool{ect: false, other: true, abroad: true}},
		{name: "a school.md", changed: []string{"schools/100001-oak/school.md"},
			probes: []probe{
				{other + "/reports/x.md", false, true}, {"schools/100001-oak/notes.md", false, true},
				{abroad + "/ect.md", false, true}, {abroad + "/reports/x.md", false, false},
			},
			profile: map[string]bool{ect: false, other: false, abroad: true}},
		{name: "a new ECT folder, as git status lists it", changed: []string{abroad + "/"},
			probes:  []probe{{abroad + "/reports/x.md", false, true}, {ect + "/ect.md", false, true}, {ect + "/mentoring.md", false, false}},
			profile: map[string]bool{abroad: false, ect: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scope, profileOnly := ChangeScope(tc.changed)
			if (scope == nil) != tc.all {
				t.Fatalf("everything: %v, want %v", scope == nil, tc.all)
			}
			for _, p := range tc.probes {
				if got := scope(p.rel, p.dir); got != p.want {
					t.Errorf("scope(%q, dir %v) = %v, want %v", p.rel, p.dir, got, p.want)
				}
			}
			for dir, want := range tc.profile {
				if got := profileOnly(dir); got != want {
					t.Errorf("profileOnly(%q) = %v, want %v", dir, got, want)
				}
			}
		})
	}
}
