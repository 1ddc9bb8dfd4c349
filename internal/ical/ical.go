// Package ical writes calendar feeds (RFC 5545) of all-day events: the due
// dates and statutory deadlines of an ECT's induction, for a school, a
// tutor or an ECT to subscribe to.
package ical

import (
	"bufio"
	"crypto/sha1"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one all-day event.
type Event struct {
	// Key identifies the event across builds (the same key gives the
	// same UID, so calendars update it rather than add another).
	Key         string
	Date        time.Time
	Summary     string
	Description string
	URL         string
}

// Write writes a calendar named name with the events. Lines end in CRLF
// and are folded at 75 octets; text is escaped; stamp is the DTSTAMP of
// every event (the build's time, so that the same build gives the same
// bytes).
func Write(w io.Writer, name string, events []Event, stamp time.Time) error {
	bw := bufio.NewWriter(w)
	line := func(s string) { fold(bw, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//ectdocs//portal//EN")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + escape(name))
	for _, e := range events {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:%x@ectdocs", sha1.Sum([]byte(e.Key))))
		line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE:" + e.Date.Format("20060102"))
		line("DTEND;VALUE=DATE:" + e.Date.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:" + escape(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + escape(e.Description))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return bw.Flush()
}

// textEscaper escapes a TEXT value (RFC 5545 3.3.11). A Replacer is safe
// for concurrent use and never changes.
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func escape(s string) string { return textEscaper.Replace(s) }

// fold writes a content line, folded so that no line is longer than 75
// octets (RFC 5545 3.1), never inside a UTF-8 sequence, ending in CRLF.
func fold(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
