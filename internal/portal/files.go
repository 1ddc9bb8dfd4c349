package portal

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// files writes the pages' files on several goroutines: making a file is a
// few system calls that wait on the file system, and a body's portal is
// tens of thousands of them. The writer makes each page's bytes and hands
// them over; the first error is kept and returned by wait.
type files struct {
	jobs chan fileJob
	wg   sync.WaitGroup
	dirs sync.Map // folders made already

	mu  sync.Mutex
	err error
}

type fileJob struct {
	path string
	data []byte
}

func newFiles() *files {
	f := &files{jobs: make(chan fileJob, 256)}
	for range 4 * runtime.GOMAXPROCS(0) {
		f.wg.Go(func() {
			for j := range f.jobs {
				if err := f.write(j); err != nil {
					f.mu.Lock()
					if f.err == nil {
						f.err = err
					}
					f.mu.Unlock()
				}
			}
		})
	}
	return f
}

func (f *files) write(j fileJob) error {
	dir := filepath.Dir(j.path)
	if _, made := f.dirs.Load(dir); !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		f.dirs.Store(dir, true)
	}
	return os.WriteFile(j.path, j.data, 0o644)
}

// add writes data to path, which no other page has.
func (f *files) add(path string, data []byte) { f.jobs <- fileJob{path, data} }

// wait waits for every file, and says the first that could not be
// written.
func (f *files) wait() error {
	close(f.jobs)
	f.wg.Wait()
	return f.err
}
