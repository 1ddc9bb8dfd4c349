package remind

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"
)

// The environment variables Send reads the SMTP credentials from; they are
// never read from the repository or the command line.
const (
	EnvUser     = "ECTDOCS_SMTP_USER"
	EnvPassword = "ECTDOCS_SMTP_PASSWORD"
)

// Defaults of SMTPConfig.
const (
	DefaultRate    = 1.0 // messages per second
	DefaultTimeout = 30 * time.Second
)

// SMTPConfig says how to send.
type SMTPConfig struct {
	// URL is the server: smtp://host[:port] (port 587 by default; STARTTLS
	// whenever the server offers it) or smtps://host[:port] (port 465,
	// TLS from the start). It must not hold credentials.
	URL string
	// From is the sender, "Name <addr>" or a bare address.
	From string
	// Rate is the most messages sent per second; 0 means DefaultRate.
	Rate float64
	// Timeout bounds each message, from connecting to the server's reply;
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// TLS is the TLS configuration; nil verifies the server's certificate
	// for its host name.
	TLS *tls.Config
	// HELO is the name given to the server; empty means the host's name.
	HELO string
}

// Result is the outcome of sending one digest.
type Result struct {
	To      Person `json:"to"`
	Subject string `json:"subject"`
	// Reply is the server's reply: its acceptance, or why it refused.
	Reply string `json:"reply"`
	// Code is the SMTP status code of a refusal (550, …); 0 when there was
	// none.
	Code int `json:"code,omitempty"`
	// Temporary is set for a refusal worth trying again later (4xx).
	Temporary bool  `json:"temporary,omitempty"`
	Err       error `json:"-"`
}

// Report is what Send did.
type Report struct {
	Sent   []Result `json:"sent"`
	Failed []Result `json:"failed"`
}

// OK reports whether every digest was sent: the exit status.
func (r Report) OK() bool { return len(r.Failed) == 0 }

// Send sends each digest in its own SMTP transaction, at most cfg.Rate a
// second and each within cfg.Timeout, with the credentials in
// ECTDOCS_SMTP_USER and ECTDOCS_SMTP_PASSWORD when set. A digest that
// cannot be built or is refused is recorded in Failed and the rest are
// still sent; when ctx ends, the digests not yet sent fail with its error.
func Send(ctx context.Context, digests []Digest, cfg SMTPConfig) Report {
	var rep Report
	fail := func(d Digest, err error) {
		res := Result{To: d.To, Subject: d.Subject, Reply: err.Error(), Err: err}
		var se *mail.SendError
		if errors.As(err, &se) {
			res.Code = se.ErrorCode()
			res.Temporary = se.IsTemp()
		}
		rep.Failed = append(rep.Failed, res)
	}
	opts, err := clientOptions(cfg)
	if err != nil {
		for _, d := range digests {
			fail(d, err)
		}
		return rep
	}
	rate := cfg.Rate
	if rate <= 0 {
		rate = DefaultRate
	}
	interval := time.Duration(float64(time.Second) / rate)
	timeout := cmpOr(cfg.Timeout, DefaultTimeout)
	pace := time.NewTicker(interval)
	defer pace.Stop()
	for i, d := range digests {
		if err := wait(ctx, pace, i == 0); err != nil {
			fail(d, err)
			continue
		}
		msg, err := Message(d, cfg.From)
		if err != nil {
			fail(d, err)
			continue
		}
		if err := sendOne(ctx, msg, opts, timeout); err != nil {
			fail(d, err)
			continue
		}
		rep.Sent = append(rep.Sent, Result{To: d.To, Subject: d.Subject, Reply: msg.ServerResponse()})
	}
	return rep
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

// wait returns when the pace allows the next message (at once for the
// first), or when ctx is done. The pace is a ticker: no clock is read.
func wait(ctx context.Context, pace *time.Ticker, first bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if first {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-pace.C:
		return nil
	}
}

// server is the parsed cfg.URL.
type server struct {
	host string
	port int
	ssl  bool
}

func parseURL(raw string) (server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return server{}, fmt.Errorf("SMTP URL: %w", err)
	}
	var s server
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.ssl = 465, true
	default:
		return server{}, fmt.Errorf("SMTP URL %q: the scheme must be smtp or smtps", raw)
	}
	if u.User != nil {
		return server{}, fmt.Errorf("SMTP URL: credentials do not belong in the URL; set %s and %s", EnvUser, EnvPassword)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return server{}, fmt.Errorf("SMTP URL %q has no host", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return server{}, fmt.Errorf("SMTP URL %q: bad port", raw)
		}
		s.port = n
	}
	return s, nil
}

type clientOpts struct {
	srv  server
	tls  *tls.Config
	opts []mail.Option
}

func clientOptions(cfg SMTPConfig) (clientOpts, error) {
	srv, err := parseURL(cfg.URL)
	if err != nil {
		return clientOpts{}, err
	}
	tc := cfg.TLS
	if tc == nil {
		tc = &tls.Config{ServerName: srv.host, MinVersion: tls.VersionTLS12}
	}
	opts := []mail.Option{
		mail.WithPort(srv.port),
		mail.WithTLSPolicy(mail.TLSOpportunistic),
		mail.WithTLSConfig(tc),
		mail.WithTimeout(cmpOr(cfg.Timeout, DefaultTimeout)),
	}
	if cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(cfg.HELO))
	}
	if user := os.Getenv(EnvUser); user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(user), mail.WithPassword(os.Getenv(EnvPassword)))
	}
	return clientOpts{srv: srv, tls: tc, opts: opts}, nil
}

// sendOne sends one message on its own connection, closed when timeout
// has passed, whatever the server is doing.
func sendOne(ctx context.Context, msg *mail.Msg, o clientOpts, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dial := func(ctx2 context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx2, network, addr)
		if err != nil {
			return nil, err
		}
		if o.srv.ssl {
			tc := tls.Client(conn, o.tls)
			if err := tc.HandshakeContext(ctx2); err != nil {
				conn.Close()
				return nil, err
			}
			conn = tc
		}
		// The per-message deadline: whatever go-mail waits for ends
		// when ctx does.
		context.AfterFunc(ctx, func() { conn.Close() })
		return conn, nil
	}
	opts := append(append([]mail.Option{}, o.opts...), mail.WithDialContextFunc(dial))
	c, err := mail.NewClient(o.srv.host, opts...)
	if err != nil {
		return err
	}
	err = c.DialAndSendWithContext(ctx, msg)
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = fmt.Errorf("%w (%v)", err, context.Cause(ctx))
	}
	return err
}
