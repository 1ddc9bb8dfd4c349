package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/fixture"
)

// TestExportSubject runs ect export --subject on the demo with the clock
// the command line is given: the export is dated by it (never by the
// computer's clock), is readable by its owner only, and says so on
// stderr; without --subject, ect export shows its help.
func TestExportSubject(t *testing.T) {
	t.Setenv("GIT_AUTHOR_NAME", "Catherine Harcourt")
	t.Setenv("GIT_AUTHOR_EMAIL", "c.harcourt@fenmoor-tsh.example")
	for _, c := range []struct {
		name string
		clk  clock.Clock
		day  string
	}{
		{"fixture day", fixture.Clock(), "2026-12-04"},
		{"another day", clock.Fixed(time.Date(2027, 1, 5, 9, 30, 0, 0, time.UTC)), "2027-01-05"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "sar")
			var stdout, stderr bytes.Buffer
			if err := Run([]string{"export", "--subject", "d-osei", "--demo", "--out", out}, &stdout, &stderr, c.clk, nil); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout: %q, want nothing", stdout.String())
			}
			if want := "ect export --subject d-osei: 3 files written to " + out + "\n"; stderr.String() != want {
				t.Errorf("stderr: %q, want %q", stderr.String(), want)
			}
			st, err := os.Stat(out)
			if err != nil || st.Mode().Perm() != 0o700 {
				t.Errorf("%s: %v, mode %v: want a folder only its owner can read", out, err, st.Mode())
			}
			data, err := os.ReadFile(filepath.Join(out, "subject.json"))
			if err != nil {
				t.Fatal(err)
			}
			var x struct {
				Produced   struct{ On, By string }
				Signatures []struct {
					Role, By string
					Proven   bool
				}
			}
			if err := json.Unmarshal(data, &x); err != nil {
				t.Fatal(err)
			}
			if x.Produced.On != c.day || x.Produced.By != "Catherine Harcourt <c.harcourt@fenmoor-tsh.example>, appropriate body staff" {
				t.Errorf("produced: %+v, want on %s by Catherine Harcourt", x.Produced, c.day)
			}
			if len(x.Signatures) == 0 {
				t.Error("no AB review by d-osei listed")
			}
			for _, s := range x.Signatures {
				if s.Role != "AB review" || s.By != "d-osei" || !s.Proven {
					t.Errorf("signature %+v: want d-osei's AB reviews, proven", s)
				}
			}
		})
	}

	var stdout, stderr bytes.Buffer
	if err := Run([]string{"export"}, &stdout, &stderr, fixture.Clock(), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "riab-claims") || !strings.Contains(stdout.String(), "--subject") {
		t.Errorf("ect export without --subject: want its help, got %q", stdout.String())
	}
}
