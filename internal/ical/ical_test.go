package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/ectdocs/ectdocs/internal/ical"
)

var stamp = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// TestWriteParses: what Write makes, a real RFC 5545 parser reads back
// exactly, with long lines folded, CRLF line ends and text escaped.
func TestWriteParses(t *testing.T) {
	events := []ical.Event{
		{Key: "9900101/3/first", Date: time.Date(2026, 7, 21, 0, 0, 0, 0, time.UTC), Summary: "Zoë Ødegaard-Łukasz: first formal assessment due",
			Description: "Term 3, summer 2025-26; tutor: Joseph Okonkwo, mentor: Rosa Castellano.\nSign by 28 July; notes; with \\ and commas, semicolons — and a line that goes on well past the seventy-five octets that RFC 5545 allows on one line before it must be folded.",
			URL:         "https://portal.example/reports/9900101/2025-26-summer-first-assessment/"},
		{Key: "9900101/4/review", Date: time.Date(2026, 12, 18, 0, 0, 0, 0, time.UTC), Summary: "Progress review due"},
	}
	var b bytes.Buffer
	if err := ical.Write(&b, "Oakfield Primary School: induction dates", events, stamp); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for i, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, line)
		}
		if strings.Contains(line, "\n") || strings.Contains(line, "\r") {
			t.Errorf("line %d has a bare line end", i+1)
		}
	}
	cal, err := goical.NewDecoder(strings.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	got := cal.Events()
	if len(got) != len(events) {
		t.Fatalf("%d events, want %d", len(got), len(events))
	}
	for i, e := range events {
		ev := got[i]
		if s, _ := ev.Props.Text(goical.PropSummary); s != e.Summary {
			t.Errorf("event %d summary %q, want %q", i, s, e.Summary)
		}
		if s, _ := ev.Props.Text(goical.PropDescription); s != e.Description {
			t.Errorf("event %d description %q, want %q", i, s, e.Description)
		}
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil || !start.Equal(e.Date) {
			t.Errorf("event %d starts %v (%v), want %v", i, start, err, e.Date)
		}
		uid, _ := ev.Props.Text(goical.PropUID)
		if uid == "" {
			t.Errorf("event %d has no UID", i)
		}
	}
	// The same events give the same bytes: UIDs are stable.
	var again bytes.Buffer
	if err := ical.Write(&again, "Oakfield Primary School: induction dates", events, stamp); err != nil || again.String() != out {
		t.Error("a second write differs")
	}
}
