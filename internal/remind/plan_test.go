package remind

import (
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
)

// TestCadence checks the days a reminder falls on, counted from a due
// date of Wednesday 16 December 2026.
func TestCadence(t *testing.T) {
	due := date("2026-12-16")
	for _, tc := range []struct {
		on   string
		want string // "" for no reminder
	}{
		{"2026-12-02", ""},
		{"2026-12-08", ""},
		{"2026-12-09", "due in a week"},
		{"2026-12-10", ""},
		{"2026-12-14", ""},
		{"2026-12-15", "due tomorrow"},
		{"2026-12-16", "due today"},
		{"2026-12-17", "overdue by 1 day"},
		{"2026-12-18", ""},
		{"2026-12-19", ""}, // +3
		{"2026-12-23", ""},
		{"2026-12-24", "overdue by 8 days"},
		{"2026-12-25", ""},
		{"2026-12-31", "overdue by 15 days"},
		{"2027-01-07", "overdue by 22 days"},
		{"2027-01-08", ""},
	} {
		got, ok := Cadence(due, date(tc.on), nil)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("Cadence(%s, %s) = %q, %v; want %q", due.Format(time.DateOnly), tc.on, got, ok, tc.want)
		}
	}
}

// TestCadenceWorkingDays checks that reminders falling on weekends and
// bank holidays move to a working day: before the date to the one before,
// once overdue to the one after.
func TestCadenceWorkingDays(t *testing.T) {
	hol, err := calendar.BankHolidays(2026, 2027)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		due, on string
		want    string
	}{
		// Due Monday 11 Jan 2027: the day before is Sunday, so Friday.
		{"2027-01-11", "2027-01-08", "due on Monday"},
		{"2027-01-11", "2027-01-10", ""},
		{"2027-01-11", "2027-01-04", "due in a week"},
		// Due Friday 18 Dec 2026: +1 is Saturday, so Monday 21st; +8 is
		// Saturday 26th, and Monday 28th is a bank holiday, so the 29th.
		{"2026-12-18", "2026-12-19", ""},
		{"2026-12-18", "2026-12-21", "overdue by 3 days"},
		{"2026-12-18", "2026-12-28", ""},
		{"2026-12-18", "2026-12-29", "overdue by 11 days"},
		{"2026-12-18", "2027-01-04", "overdue by 17 days"},
		{"2026-12-18", "2027-01-05", ""},
	} {
		got, ok := Cadence(date(tc.due), date(tc.on), hol.IsWorkingDay)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("Cadence(%s, %s) = %q, %v; want %q", tc.due, tc.on, got, ok, tc.want)
		}
	}
}

// TestPlanTerm checks who is reminded on days across the autumn term of
// 2026-27 in the demo, where most reports are due on Friday 18 December.
func TestPlanTerm(t *testing.T) {
	const (
		ab      = "Catherine Harcourt, Daniel Osei"
		all     = "Ben Nakamura, Catherine Harcourt, Daniel Osei, Eleanor Thursby, Fatma Öztürk, Joseph Okonkwo, Lucy Fairbairn, Siobhan Halloran, Tom Ashworth"
		noAB    = "Ben Nakamura, Eleanor Thursby, Fatma Öztürk, Joseph Okonkwo, Lucy Fairbairn, Siobhan Halloran, Tom Ashworth"
		nothing = ""
	)
	for _, tc := range []struct {
		on, want string
	}{
		// A summer review submitted on 16 July, target 30 July: the AB's
		// reviewers on Fridays (31 July + 7k).
		{"2026-09-04", ab},
		// Rhys Talbot-Evans's spring review, returned by the AB: his tutor
		// on Mondays.
		{"2026-09-07", "Lucy Fairbairn"},
		{"2026-09-08", nothing},
		{"2026-12-11", all},  // a week before 18 Dec
		{"2026-12-17", noAB}, // the day before
		{"2026-12-18", all},  // on the day
		{"2026-12-19", nothing},
		{"2026-12-21", noAB}, // +1 (Saturday) moved to Monday
		{"2026-12-22", nothing},
		{"2026-12-29", all}, // +8 and the AB's Friday (25 Dec) moved past the bank holidays
	} {
		var got []string
		for _, d := range plan(t, date(tc.on)) {
			got = append(got, d.To.Name)
		}
		if g := strings.Join(got, ", "); g != tc.want {
			t.Errorf("%s: reminded\n  %s\nwant\n  %s", tc.on, g, tc.want)
		}
	}
}

// TestPlanDigests checks the digests of one day: one per person, grouping
// their items, with subjects that say what and for whom, links and the
// person's upcoming dates.
func TestPlanDigests(t *testing.T) {
	for d := date("2026-09-01"); d.Before(date("2027-01-09")); d = d.AddDate(0, 0, 1) {
		seen := map[string]bool{}
		for _, g := range plan(t, d) {
			if seen[g.To.ID] || seen[g.To.Email] {
				t.Errorf("%s: %s gets two digests", d.Format(time.DateOnly), g.To.ID)
			}
			seen[g.To.ID], seen[g.To.Email] = true, true
			if len(g.Items) == 0 || g.To.Email == "" || !strings.HasPrefix(g.Subject, "ectdocs: ") {
				t.Errorf("%s: bad digest %+v", d.Format(time.DateOnly), g)
			}
		}
	}

	ds := plan(t, date("2026-12-17"))
	by := map[string]Digest{}
	for _, d := range ds {
		by[d.To.Name] = d
	}
	lucy := by["Lucy Fairbairn"]
	if len(lucy.Items) != 3 {
		t.Fatalf("Lucy Fairbairn: %d items, want 3: %+v", len(lucy.Items), lucy.Items)
	}
	want := "ectdocs: 3 reports need you today — Rhys Talbot-Evans's progress review due 18 Dec, Samuel Eze's progress review due 18 Dec, Zoë Marchbank's progress review due 18 Dec"
	if lucy.Subject != want {
		t.Errorf("subject\n  %s\nwant\n  %s", lucy.Subject, want)
	}
	it := lucy.Items[0]
	if it.When != "due tomorrow" || it.State != "due" || it.Portal != "https://portal.example/ects/9900113/" ||
		it.File != "https://git.example/fenmoor/records/blob/main/records/schools/990101-oakfield-primary/ects/9900113/reports" ||
		!strings.Contains(it.Action, "release it to the ECT") {
		t.Errorf("item: %+v", it)
	}
	if len(lucy.Upcoming) == 0 || lucy.Upcoming[0].Date.Before(date("2026-12-17")) {
		t.Errorf("upcoming: %+v", lucy.Upcoming)
	}

	ect := by["Eleanor Thursby"]
	if ect.To.Role != RoleECT || len(ect.Items) != 1 || ect.Items[0].State != "ECT to comment" ||
		ect.Subject != "ectdocs: 1 report needs you today — your progress review due 18 Dec" ||
		ect.Items[0].Portal != "https://portal.example/reports/9900101/2026-27-autumn-progress-review/" ||
		!strings.HasSuffix(ect.Items[0].File, "/records/schools/990101-oakfield-primary/ects/9900101/reports/2026-27-autumn-progress-review.md") {
		t.Errorf("Eleanor Thursby: %+v", ect)
	}

	rev := plan(t, date("2026-09-04"))
	if len(rev) != 2 || rev[0].To.Role != RoleAB || !strings.Contains(rev[0].Subject, "Kwame Asante-Boateng's progress review to review (target 30 Jul)") {
		t.Errorf("AB review: %+v", rev)
	}
}

// TestPlanReviewTarget checks that the AB is chased only beyond its
// review target.
func TestPlanReviewTarget(t *testing.T) {
	book := demoBook(t)
	on := date("2026-07-31") // the day after the 10-working-day target
	board := boardOn(t, on)
	if got := names(Plan(book, board, on, Options{})); !strings.Contains(got, "Catherine Harcourt") {
		t.Errorf("target 10: %s", got)
	}
	if got := names(Plan(book, board, on, Options{ReviewTargetDays: 20})); strings.Contains(got, "Catherine Harcourt") {
		t.Errorf("target 20: %s", got)
	}
}

func names(ds []Digest) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.To.Name)
	}
	return strings.Join(s, ", ")
}
