package clock

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestFromEnv: ECTDOCS_TODAY names the day whatever the hour the command
// runs at, including in the hour when England's day and UTC's differ and
// when the day named is on the other side of a change of summer time.
func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		now, env, want, err string
	}{
		{"2026-12-04T10:00:00Z", "2031-07-15", "2031-07-15", ""},
		{"2026-12-04T23:30:00Z", "2031-07-15", "2031-07-15", ""},
		{"2026-12-04T00:10:00Z", "2031-07-15", "2031-07-15", ""},
		{"2026-07-14T23:30:00Z", "2031-12-15", "2031-12-15", ""},
		{"2026-07-15T00:30:00Z", "2031-12-15", "2031-12-15", ""},
		{"2026-03-29T00:30:00Z", "2026-10-25", "2026-10-25", ""},
		{"2026-03-29T01:30:00Z", "2026-03-29", "2026-03-29", ""},
		{"2026-12-04T10:00:00Z", "1999-01-01", "1999-01-01", ""},
		{"2026-12-04T10:00:00Z", "15/07/2031", "", `give a date as YYYY-MM-DD, not "15/07/2031"`},
	} {
		now, err := time.Parse(time.RFC3339, tc.now)
		if err != nil {
			t.Fatal(err)
		}
		c, err := fromEnv(func() time.Time { return now }, func(k string) string {
			if k == EnvToday {
				return tc.env
			}
			return ""
		})
		if tc.err != "" {
			if err == nil || err.Error() != EnvToday+": "+tc.err {
				t.Errorf("%s: got %v, want %s", tc.env, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Today().Format(time.DateOnly); got != tc.want {
			t.Errorf("%s at %s: today is %s", tc.env, tc.now, got)
		}
		if d, _ := c.Day(""); !d.Equal(c.Today()) {
			t.Errorf("Day(\"\") = %v, want today", d)
		}
		if d, _ := c.Day("2026-03-20"); d.Format(time.DateOnly) != "2026-03-20" {
			t.Errorf("Day(flag) = %v", d)
		}
	}
}

// TestDayOf: a day is England's, so half past midnight in summer time is
// already the next day although UTC is still on the one before.
func TestDayOf(t *testing.T) {
	for _, tc := range []struct{ at, want string }{
		{"2026-06-30T23:30:00Z", "2026-07-01"},
		{"2026-12-31T23:30:00Z", "2026-12-31"},
		{"2026-03-29T00:30:00Z", "2026-03-29"},
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if got := DayOf(at).Format(time.DateOnly); got != tc.want {
			t.Errorf("DayOf(%s) = %s, want %s", tc.at, got, tc.want)
		}
		if got := Fixed(at).Today().Format(time.DateOnly); got != tc.want {
			t.Errorf("Fixed(%s).Today() = %s", tc.at, got)
		}
	}
}

// TestOneClock: the system's time is read in this package only. Anywhere
// else, a day comes from a flag, ECTDOCS_TODAY or the clock the command
// line passes down, so that nothing depends on the day it runs.
func TestOneClock(t *testing.T) {
	root := filepath.Join("..", "..")
	read := regexp.MustCompile(`\btime\.(Now|Since|Until)\b`)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || filepath.Base(filepath.Dir(p)) == "clock" {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if read.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d: reads the system clock: take the day or time from the clock.Clock the command line passes down", p, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
