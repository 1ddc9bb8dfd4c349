package remind

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/ectdocs/ectdocs/internal/ical"
	"github.com/wneessen/go-mail"
)

// CalendarName is the file name of the calendar attached to each message.
const CalendarName = "ectdocs-dates.ics"

// typeCalendar is the MIME type of the attached calendar.
const typeCalendar mail.ContentType = "text/calendar"

var funcs = map[string]any{
	"date":    func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	"inc":     func(i int) int { return i + 1 },
	"calname": func() string { return CalendarName },
	"article": article,
}

// article names a role with its article: "an ECT", "a headteacher".
func article(role string) string {
	switch {
	case role == RoleAB:
		return "staff of the appropriate body"
	case role == RoleECT, role != "" && strings.ContainsRune("aeiou", rune(role[0])):
		return "an " + role
	}
	return "a " + role
}

var textTmpl = texttemplate.Must(texttemplate.New("text").Funcs(funcs).Parse(`Dear {{.To.Name}},

{{if eq (len .Items) 1}}This needs you{{else}}These need you{{end}} on {{date .On}}:
{{range $i, $it := .Items}}
{{inc $i}}. {{$it.ECT}}: {{$it.Report}} ({{$it.When}})
   State: {{$it.State}}
   Due: {{date $it.Due}}
   Next: {{$it.Action}}
{{- if $it.Form}}
   Form: {{$it.Form}}{{end}}
{{- if $it.Portal}}
   Portal: {{$it.Portal}}{{end}}
{{- if $it.File}}
   File: {{$it.File}}{{end}}
{{end}}
{{- if .Upcoming}}
Your dates from today are in the attached calendar ({{calname}}).
{{end}}
You get this e-mail from ectdocs because the induction records name you as {{article .To.Role}}.
Reminders come a week before a date, the day before, on the day, then weekly until done.
`))

var htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif">
<p>Dear {{.To.Name}},</p>
<p>{{if eq (len .Items) 1}}This needs you{{else}}These need you{{end}} on {{date .On}}:</p>
<table cellpadding="6" style="border-collapse: collapse">
<thead><tr><th align="left">ECT</th><th align="left">Report</th><th align="left">State</th><th align="left">Due</th><th align="left">Next</th><th align="left">Links</th></tr></thead>
<tbody>
{{- range .Items}}
<tr><td>{{.ECT}}</td><td>{{.Report}}<br><small>{{.When}}</small></td><td>{{.State}}</td><td>{{date .Due}}</td><td>{{.Action}}</td><td>
{{- if .Form}}<a href="{{.Form}}">form</a>{{end}}{{if and .Form (or .Portal .File)}} · {{end}}
{{- if .Portal}}<a href="{{.Portal}}">portal</a>{{end}}{{if and .Portal .File}} · {{end}}{{if .File}}<a href="{{.File}}">file</a>{{end -}}
</td></tr>
{{- end}}
</tbody></table>
{{- if .Upcoming}}
<p>Your dates from today are in the attached calendar ({{calname}}).</p>
{{- end}}
<p><small>You get this e-mail from ectdocs because the induction records name you as {{article .To.Role}}.
Reminders come a week before a date, the day before, on the day, then weekly until done.</small></p>
</body></html>
`))

// Message builds the e-mail of a digest, from the address from ("Name
// <addr>" or a bare address): the digest's subject, a plain-text body and
// an HTML alternative, and the person's upcoming dates as an iCalendar
// attachment. Names and the subject may be any UTF-8; go-mail encodes the
// headers (RFC 2047).
func Message(d Digest, from string) (*mail.Msg, error) {
	if d.To.Email == "" {
		return nil, fmt.Errorf("%s (%s) has no e-mail address in the records", d.To.Name, d.To.ID)
	}
	m := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	if err := m.From(from); err != nil {
		return nil, fmt.Errorf("from %q: %w", from, err)
	}
	if err := m.AddToFormat(d.To.Name, d.To.Email); err != nil {
		return nil, fmt.Errorf("to %s <%s>: %w", d.To.Name, d.To.Email, err)
	}
	m.Subject(d.Subject)
	m.SetDate()
	m.SetMessageID()
	// An automatic message: no auto-replies, no vacation notices (RFC 3834).
	m.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	m.SetGenHeader(mail.Header("X-Auto-Response-Suppress"), "All")

	var text, html bytes.Buffer
	if err := textTmpl.Execute(&text, d); err != nil {
		return nil, err
	}
	if err := htmlTmpl.Execute(&html, d); err != nil {
		return nil, err
	}
	m.SetBodyString(mail.TypeTextPlain, text.String())
	m.AddAlternativeString(mail.TypeTextHTML, html.String())

	if len(d.Upcoming) > 0 {
		var cal bytes.Buffer
		if err := ical.Write(&cal, "ectdocs: "+d.To.Name, d.Upcoming, d.On); err != nil {
			return nil, err
		}
		if err := m.AttachReader(CalendarName, &cal, mail.WithFileContentType(typeCalendar)); err != nil {
			return nil, err
		}
	}
	return m, nil
}
