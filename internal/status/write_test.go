package status

import (
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/schedule"
)

func board() *Board {
	return &Board{Body: "Test AB", On: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC),
		Reports: []Row{
			{TRN: "1234567", Name: "An Overdue Example With A Long Name", Report: "Progress review", Term: 2, State: schedule.Overdue, Due: "2026-03-27", Signed: map[string]bool{"tutor": true, "ect": false}},
			{TRN: "7654321", Name: "B", Report: "Final formal assessment", Term: 6, State: schedule.Submitted, Due: "2026-07-21", Signed: map[string]bool{"tutor": true, "ect": true, "headteacher": true}, needsHead: true},
		}}
}

func TestTable(t *testing.T) {
	var plain, colour strings.Builder
	if err := board().Write(&plain, Table, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"An Overdue Exam…  Term 2 review", "Term 6 final assessment  submitted  2026-07-21  ✔  ✔  ✔"} {
		if !strings.Contains(plain.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, plain.String())
		}
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("colour codes in a table for a file or pipe")
	}
	for _, line := range strings.Split(plain.String(), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	if err := board().Write(&colour, Table, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(colour.String(), "\x1b[31mAn Overdue") {
		t.Errorf("an overdue row is not red on a terminal:\n%q", colour.String())
	}
}

func TestCSV(t *testing.T) {
	var b strings.Builder
	if err := board().Write(&b, CSV, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[1], ",overdue,2026-03-27,true,false,,") || !strings.Contains(lines[2], ",true,true,true,") {
		t.Errorf("csv:\n%s", b.String())
	}
}
