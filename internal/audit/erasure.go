package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	yaml "go.yaml.in/yaml/v4"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// ErasureFolder holds the erasure records, in the records folder: a
// hidden folder, which no portal shows and the loader does not read as
// records.
const ErasureFolder = ".erasures"

// RuleErasure is an erasure record that does not prove itself: not made
// by the appropriate body's lead, changed after, or unreadable. Its
// rewrite is then a rewrite like any other (RuleRewritten).
const RuleErasure = "erasure"

// KindErasure is an erasure record's kind.
const KindErasure = "erasure"

// maxErasureSize bounds an erasure record: a line for each commit of
// the history rewritten, some 90 bytes each.
const maxErasureSize = 64 << 20

// Erasure is an erasure record: who erased an ECT's records from the
// history (ect erase), when, why, and what became of each commit. It
// names no ECT.
type Erasure struct {
	Kind   string `yaml:"kind"`
	By     string `yaml:"by"` // the AB lead's staff id
	On     string `yaml:"on"`
	Reason string `yaml:"reason"`
	Policy string `yaml:"policy"`
	// From is the old history's last commit; Commits maps each old commit
	// to its copy in the new history (or the commit that takes its
	// place; "" when none does).
	From    string            `yaml:"from"`
	Commits map[string]string `yaml:"commits"`
	// Signed maps each copy of a signed commit to the key that signed the
	// original, as KeyID writes it: the copies carry no signature.
	Signed map[string]string `yaml:"signed,omitempty"`
}

// KeyID identifies a key in an erasure record: "ssh:SHA256:…" or
// "openpgp:<fingerprint>".
func KeyID(k signing.Key) string { return k.Kind + ":" + k.Fingerprint }

// carriedKey returns the key among keys that, by a proven erasure
// record, signed the commit that c copies.
func (a *Auditor) carriedKey(c history.Hash, keys []signing.Key) (signing.Key, bool) {
	id, ok := a.carried[c]
	if !ok {
		return signing.Key{}, false
	}
	for _, k := range keys {
		if KeyID(k) == id {
			return k, true
		}
	}
	return signing.Key{}, false
}

// Marshal writes the record: its front matter and a paragraph saying
// what it is.
func (e *Erasure) Marshal(text string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n")
	b.WriteString(text)
	return b.Bytes(), nil
}

// ParseErasure reads an erasure record, strictly: front matter of the
// known fields only, every commit a full hash.
func ParseErasure(src []byte) (*Erasure, error) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	end := bytes.Index(rest, []byte("\n---\n"))
	if !ok || end < 0 {
		return nil, errors.New("no front matter between --- lines")
	}
	dec := yaml.NewDecoder(bytes.NewReader(rest[:end+1]))
	dec.KnownFields(true)
	var e Erasure
	if err := dec.Decode(&e); err != nil {
		return nil, err
	}
	if e.Kind != KindErasure || e.By == "" || e.On == "" || !isHash(e.From) || len(e.Commits) == 0 {
		return nil, errors.New("an erasure record needs kind: erasure, by, on, from (a commit) and commits")
	}
	for was, now := range e.Commits {
		if !isHash(was) || now != "" && !isHash(now) {
			return nil, fmt.Errorf("commits: %q: %q is not a commit's full hash", was, now)
		}
	}
	for now := range e.Signed {
		if !isHash(now) {
			return nil, fmt.Errorf("signed: %q is not a commit's full hash", now)
		}
	}
	return &e, nil
}

func isHash(s string) bool {
	_, ok := history.ParseHash(s)
	return ok
}

// erasureFile is an erasure record read from the records folder, not
// yet proven.
type erasureFile struct {
	rel string
	pos diag.Position
	src []byte
	e   *Erasure
	err string // why it cannot be read
}

// readErasures reads the erasure records in the records folder (shown as
// display) and takes, for now, what each says: which commits were
// rewritten (Rewritten) and which keys signed them (carriedKey). Proven
// by proveErasures once who may sign is known.
func (a *Auditor) readErasures(display string) []*erasureFile {
	dir := filepath.Join(a.Repo.Root, filepath.FromSlash(a.Repo.Prefix))
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ErasureFolder)
	if err != nil {
		return nil // none
	}
	var out []*erasureFile
	for _, de := range entries {
		f := &erasureFile{rel: path.Join(ErasureFolder, de.Name())}
		f.pos = diag.Position{File: path.Join(display, f.rel), Line: 1, Column: 1}
		out = append(out, f)
		if !de.Type().IsRegular() {
			f.err = "it is not a regular file"
			continue
		}
		if f.src, err = readLimited(root, f.rel); err != nil {
			f.err = err.Error()
			continue
		}
		if f.e, err = ParseErasure(f.src); err != nil {
			f.err = err.Error()
		}
	}
	a.useErasures(out)
	return out
}

// useErasures takes what the readable records say.
func (a *Auditor) useErasures(files []*erasureFile) {
	a.erased, a.carried = map[history.Hash]history.Hash{}, map[history.Hash]string{}
	for _, f := range files {
		if f.err != "" {
			continue
		}
		for was, now := range f.e.Commits {
			w, _ := history.ParseHash(was)
			n, _ := history.ParseHash(now) // "": left out, ZeroHash
			a.erased[w] = n
		}
		for now, key := range f.e.Signed {
			n, _ := history.ParseHash(now)
			a.carried[n] = key
		}
	}
}

// proveErasures proves the erasure records read: each proves itself when
// the commit that added it is by the appropriate body's lead it names
// (signed with their key under the verified policy), and it has not
// changed since. What one that does not says is no longer used: its
// rewrite is then a rewrite like any other (Rewritten). It returns the
// errors, none when every record proves itself.
func (a *Auditor) proveErasures(files []*erasureFile) []diag.Diagnostic {
	var ds []diag.Diagnostic
	kept := files[:0:0]
	for _, f := range files {
		fail := func(format string, args ...any) {
			ds = append(ds, diag.Errorf(f.pos, RuleErasure, "this erasure record proves nothing, so the history it rewrote is reported as rewritten: "+format, args...))
		}
		if f.err != "" {
			fail("%s", f.err)
			continue
		}
		changes := a.History.Files[f.rel]
		if len(changes) == 0 {
			fail("it is not committed")
			continue
		}
		first := changes[0]
		if len(changes) > 1 || first.Blob != history.BlobHash(f.src) {
			fail("it was changed after it was committed in %s: an erasure record is made once, by ect erase, and never edited", history.Short(first.Commit.Hash))
			continue
		}
		who := a.People.ABStaff(f.e.By)
		if who == nil || !who.Owns(first.Commit.Author.Email) || !who.HasRole(record.StaffABLead) {
			fail("it was committed in %s by %s, not by the appropriate body's lead it names (%s)", history.Short(first.Commit.Hash), a.People.Describe(first.Commit.Author.Name, first.Commit.Author.Email), f.e.By)
			continue
		}
		if a.ledger != nil {
			if err := a.ledger.madeBy(first.Commit, a.ledger.abStaffAt(first.Commit), "the appropriate body's staff"); err != nil {
				fail("%v", err)
				continue
			}
		}
		kept = append(kept, f)
	}
	if len(ds) > 0 {
		a.useErasures(kept)
	}
	return ds
}

// readLimited reads a regular file through root, refusing one over
// maxErasureSize.
func readLimited(root *os.Root, rel string) ([]byte, error) {
	f, err := root.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxErasureSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxErasureSize {
		return nil, fmt.Errorf("it is over %d MB", maxErasureSize>>20)
	}
	return b, nil
}
