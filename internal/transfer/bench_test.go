package transfer

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
)

// BenchmarkTransfer builds and writes the bundle of one ECT (the last) of a
// large synthetic history, once the history is walked and audited (as ect
// transfer does, which reuses ect validate's cache for that). It reports
// the walk and audit (audit-ms, once, without the cache), the bundle's
// commits and size, and how long verify-bundle's checks take (verify-ms).
func BenchmarkTransfer(b *testing.B) {
	records := filepath.Join(fixture.BenchHistory(b), "records")
	start := time.Now()
	src := sourceOf(b, records)
	audited := time.Since(start)
	e := src.Book.ECTs[len(src.Book.ECTs)-1]
	opt := Options{TRN: e.TRN, Tagger: history.Person(tagger)}
	var p *Packed
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		var err error
		if p, err = Build(src, opt); err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := p.Write(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	start = time.Now()
	bundle, err := history.ReadBundle(buf.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	c, err := Verify(bundle, fixture.Schemas(b), "bench.bundle", nil, fixture.Today)
	if err != nil {
		b.Fatal(err)
	}
	verified := time.Since(start)
	if proven, all := c.Result.Count.Proven(); proven != all || all == 0 {
		b.Fatalf("%d of %d signatures proven", proven, all)
	}
	b.ReportMetric(float64(audited.Milliseconds()), "audit-ms")
	b.ReportMetric(float64(p.Walked), "source-commits")
	b.ReportMetric(float64(p.Commits), "commits")
	b.ReportMetric(float64(buf.Len()), "bundle-bytes")
	b.ReportMetric(float64(verified.Milliseconds()), "verify-ms")
}
