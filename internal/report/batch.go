package report

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// batchGC is the garbage collector's target while a batch renders: each
// render parses its fonts into short-lived tables, and with the default
// target the collector would take about a third of the time.
const batchGC = 1000

// Job is one PDF to render: a report (Doc), or an ECT's whole induction
// record (Record).
type Job struct {
	Doc    *Doc
	Record *Record
}

func (j Job) render(w io.Writer) error {
	if j.Record != nil {
		return RenderRecord(w, *j.Record)
	}
	if j.Doc == nil {
		return errors.New("report: nothing to render")
	}
	return Render(w, *j.Doc)
}

// RenderEach renders docs as RenderJobs does.
func RenderEach(docs []Doc, write func(i int, pdf []byte) error) error {
	jobs := make([]Job, len(docs))
	for i := range docs {
		jobs[i] = Job{Doc: &docs[i]}
	}
	return RenderJobs(jobs, write)
}

// RenderJobs renders jobs on every core (fpdf documents are independent)
// and hands each PDF to write, with the job's index, as it is done: write
// may be called from several goroutines at once, and pdf is only valid
// until it returns. It stops at the first error. While it runs it raises
// the garbage collector's target (debug.SetGCPercent), restoring it when
// done.
func RenderJobs(docs []Job, write func(i int, pdf []byte) error) error {
	if len(docs) == 0 {
		return nil
	}
	old := debug.SetGCPercent(batchGC)
	if old > batchGC || old < 0 {
		debug.SetGCPercent(old)
	} else {
		defer debug.SetGCPercent(old)
	}
	var next atomic.Int64
	var stop atomic.Bool
	var once sync.Once
	var first error
	fail := func(err error) {
		once.Do(func() { first = err })
		stop.Store(true)
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(docs)) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := int(next.Add(1)) - 1; i < len(docs) && !stop.Load(); i = int(next.Add(1)) - 1 {
				buf.Reset()
				if err := docs[i].render(&buf); err != nil {
					fail(err)
					return
				}
				if err := write(i, buf.Bytes()); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
