package spell

import "testing"

func TestNearest(t *testing.T) {
	fields := []string{"on_track", "ect_informed", "support_plan", "standards_of_concern", "meeting", "term"}
	for _, tc := range []struct {
		word, want string
		ok         bool
	}{
		{"ontrack", "on_track", true},
		{"on-track", "on_track", true},
		{"suport_plan", "support_plan", true},
		{"meetnig", "meeting", true}, // transposition is one edit
		{"terms", "term", true},
		{"colour", "", false},
		{"", "", false},
	} {
		got, ok := Nearest(tc.word, fields)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Nearest(%q) = %q, %v; want %q, %v", tc.word, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := Nearest("x", nil); ok {
		t.Error("Nearest with no candidates found one")
	}
}
