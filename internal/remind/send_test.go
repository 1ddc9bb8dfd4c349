package remind

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// received is a message the test server accepted.
type received struct {
	from string
	to   []string
	data []byte
}

// backend is an SMTP server's backend that keeps what it receives and
// refuses one recipient with 550.
type backend struct {
	reject string
	mu     sync.Mutex
	msgs   []received
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{b: b}, nil }

type session struct {
	b   *backend
	cur received
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.EqualFold(to, s.b.reject) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox here"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = data
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, s.cur)
	s.b.mu.Unlock()
	return nil
}

// serve runs a real SMTP server on loopback and returns its URL.
func serve(t *testing.T, be *backend) string {
	t.Helper()
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "smtp://" + l.Addr().String()
}

// TestSend sends the digests of a day of the demo to a real SMTP server
// that refuses one recipient, and reads what it received.
func TestSend(t *testing.T) {
	t.Setenv(EnvUser, "")
	const rejected = "j.okonkwo@oakfield-primary.example"
	be := &backend{reject: rejected}
	url := serve(t, be)
	digests := plan(t, date("2026-12-17"))
	if len(digests) != 7 {
		t.Fatalf("%d digests, want 7", len(digests))
	}
	rep := Send(context.Background(), digests, SMTPConfig{URL: url, From: "Fenmoor AB — reminders <ab@fenmoor-tsh.example>", Rate: 200, Timeout: 10 * time.Second})

	if rep.OK() || len(rep.Sent) != 6 || len(rep.Failed) != 1 {
		t.Fatalf("sent %d, failed %+v", len(rep.Sent), rep.Failed)
	}
	f := rep.Failed[0]
	if f.To.Email != rejected || f.Code != 550 || !strings.Contains(f.Reply, "No such mailbox here") || f.Temporary {
		t.Errorf("failure: %+v", f)
	}
	// The one refused is reported; the others, after it, were still sent.
	be.mu.Lock()
	msgs := be.msgs
	be.mu.Unlock()
	if len(msgs) != 6 {
		t.Fatalf("server received %d messages, want 6", len(msgs))
	}
	subjects := map[string]Digest{}
	for _, d := range digests {
		subjects[d.To.Email] = d
	}
	perPerson := map[string]int{}
	for _, m := range msgs {
		if len(m.to) != 1 || m.from != "ab@fenmoor-tsh.example" {
			t.Fatalf("envelope from %s to %v", m.from, m.to)
		}
		perPerson[m.to[0]]++
		d, ok := subjects[m.to[0]]
		if !ok {
			t.Fatalf("message to %s, who has no digest", m.to[0])
		}
		checkMIME(t, m.data, d)
	}
	for who, n := range perPerson {
		if n != 1 {
			t.Errorf("%s got %d messages", who, n)
		}
	}
}

// checkMIME parses a received message: multipart/mixed holding
// multipart/alternative (text/plain, text/html) and a text/calendar
// attachment, with the UTF-8 subject and names encoded.
func checkMIME(t *testing.T, data []byte, d Digest) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	raw := msg.Header.Get("Subject")
	for _, r := range raw {
		if r > 127 {
			t.Fatalf("subject not encoded: %q", raw)
		}
	}
	var dec mime.WordDecoder
	subj, err := dec.DecodeHeader(raw)
	if err != nil || subj != d.Subject {
		t.Errorf("subject %q decodes to %q (%v), want %q", raw, subj, err, d.Subject)
	}
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil || to.Name != d.To.Name || to.Address != d.To.Email {
		t.Errorf("To %q: %v, %v; want %s <%s>", msg.Header.Get("To"), to, err, d.To.Name, d.To.Email)
	}
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Name != "Fenmoor AB — reminders" {
		t.Errorf("From %q: %v, %v", msg.Header.Get("From"), from, err)
	}
	if msg.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted: %q", msg.Header.Get("Auto-Submitted"))
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q", msg.Header.Get("Content-Type"))
	}
	mixed := multipart.NewReader(msg.Body, params["boundary"])
	var text, html, ics string
	for {
		p, err := mixed.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		mt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch mt {
		case "multipart/alternative":
			alt := multipart.NewReader(p, params["boundary"])
			var order []string
			for {
				q, err := alt.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				mt, params, _ := mime.ParseMediaType(q.Header.Get("Content-Type"))
				if params["charset"] != "UTF-8" {
					t.Errorf("%s charset %q", mt, params["charset"])
				}
				b, _ := io.ReadAll(q) // quoted-printable is decoded by NextPart
				order = append(order, mt)
				switch mt {
				case "text/plain":
					text = string(b)
				case "text/html":
					html = string(b)
				}
			}
			if strings.Join(order, ",") != "text/plain,text/html" {
				t.Errorf("alternatives %v", order)
			}
		case "text/calendar":
			disp, dp, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
			if disp != "attachment" || dp["filename"] != CalendarName {
				t.Errorf("calendar disposition %q", p.Header.Get("Content-Disposition"))
			}
			b, _ := io.ReadAll(p)
			if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
				b, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
				if err != nil {
					t.Fatal(err)
				}
			}
			ics = string(b)
		default:
			t.Errorf("unexpected part %q", mt)
		}
	}
	for _, it := range d.Items {
		if it.Form == "" {
			t.Errorf("%s: %s's %s links no form", d.To.Name, it.ECT, it.Report)
		}
		for _, s := range []string{it.ECT, it.Report, it.When, it.Action, it.Portal, "Form: " + it.Form} {
			if !strings.Contains(text, s) {
				t.Errorf("%s: text lacks %q:\n%s", d.To.Name, s, text)
			}
		}
		for _, link := range []string{it.Portal, it.Form} {
			if !strings.Contains(html, `href="`+link+`"`) {
				t.Errorf("%s: HTML lacks the link %s", d.To.Name, link)
			}
		}
		if strings.Contains(it.ECT, "'") && (strings.Contains(html, it.ECT) || !strings.Contains(html, strings.ReplaceAll(it.ECT, "'", "&#39;"))) {
			t.Errorf("%s: HTML does not escape %q", d.To.Name, it.ECT)
		}
	}
	if !strings.Contains(text, "Dear "+d.To.Name) || !strings.Contains(html, "Dear "+d.To.Name) {
		t.Errorf("%s: no greeting with the UTF-8 name", d.To.Name)
	}
	if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics, "DTSTART;VALUE=DATE:20261218\r\n") ||
		strings.Count(ics, "BEGIN:VEVENT") != len(d.Upcoming) {
		t.Errorf("%s: calendar\n%s", d.To.Name, ics)
	}
}

// TestSendTimeout checks that a server that never answers costs one
// message its timeout, and is reported.
func TestSendTimeout(t *testing.T) {
	t.Setenv(EnvUser, "")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // silent: no greeting
		}
	}()
	ds := plan(t, date("2026-12-17"))[:2]
	start := time.Now()
	rep := Send(context.Background(), ds, SMTPConfig{URL: "smtp://" + l.Addr().String(), From: "ab@fenmoor-tsh.example", Rate: 100, Timeout: 300 * time.Millisecond})
	if len(rep.Failed) != 2 || len(rep.Sent) != 0 {
		t.Errorf("sent %d, failed %d", len(rep.Sent), len(rep.Failed))
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v", el)
	}
}

// TestSendRate checks the rate limit.
func TestSendRate(t *testing.T) {
	t.Setenv(EnvUser, "")
	be := &backend{}
	url := serve(t, be)
	ds := plan(t, date("2026-12-17"))[:3]
	start := time.Now()
	rep := Send(context.Background(), ds, SMTPConfig{URL: url, From: "ab@fenmoor-tsh.example", Rate: 10})
	if !rep.OK() || len(rep.Sent) != 3 {
		t.Fatalf("%+v", rep)
	}
	if el := time.Since(start); el < 200*time.Millisecond {
		t.Errorf("3 messages at 10 a second took %v", el)
	}
}

// TestSendURL checks the server URLs accepted.
func TestSendURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want server
		err  string
	}{
		{"smtp://mail.example", server{host: "mail.example", port: 587}, ""},
		{"smtp://mail.example:2525", server{host: "mail.example", port: 2525}, ""},
		{"smtps://mail.example", server{host: "mail.example", port: 465, ssl: true}, ""},
		{"smtp://user:secret@mail.example", server{}, "credentials do not belong in the URL"},
		{"http://mail.example", server{}, "scheme"},
		{"smtp://", server{}, "no host"},
	} {
		got, err := parseURL(tc.url)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.url, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v", tc.url, got, err)
		}
	}
	rep := Send(context.Background(), plan(t, date("2026-12-17"))[:1], SMTPConfig{URL: "smtp://u:p@x"})
	if rep.OK() || len(rep.Failed) != 1 {
		t.Errorf("%+v", rep)
	}
}
