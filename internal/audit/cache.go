package audit

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/record"
)

// RuleRewritten names a signature proven in an earlier run from a commit
// that is no longer in the history.
const RuleRewritten = "history-rewritten"

// cacheVersion changes whenever the cache's layout or meaning does.
const cacheVersion = 3

// Cache is what an earlier run proved, kept in the repository's .git
// folder (never committed): the history it walked, each version it read,
// and which commit proved each signature. With it a run reads only the
// commits made since, and a signature whose proving commit has vanished
// from the history (a rewrite) is reported.
type Cache struct {
	Known    *history.History
	versions map[history.Hash]*Version
	proofs   map[string]history.Hash
	path     string
}

// cacheFile is the cache as stored. Hashes are stored as 20-byte strings,
// which gob reads and writes many times faster than arrays.
type cacheFile struct {
	Version  int
	Prefix   string
	Head     string
	Commits  []storedCommit
	Files    map[string][]storedChange
	Versions map[string]storedVersion
	Proofs   map[string]string
}

type storedCommit struct {
	Hash              string
	Parents           []string
	Author, Committer history.Person
	Subject, Message  string
	Signed            bool
	Seq               int
}

type storedChange struct {
	Commit string
	Blob   string
	Before []string
}

type storedVersion struct {
	Err      string
	Sigs     []Sig
	Review   *Review
	Released *record.Released
	Content  string
	Comments bool
}

func hs(h history.Hash) string { return string(h[:]) }

func hh(s string) history.Hash {
	var h history.Hash
	copy(h[:], s)
	return h
}

func hss(hs []history.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = string(h[:])
	}
	return out
}

func hhs(ss []string) []history.Hash {
	out := make([]history.Hash, len(ss))
	for i, s := range ss {
		copy(out[i][:], s)
	}
	return out
}

// CachePath returns where the cache of a records folder lives: in the
// repository's .git folder, one file per records folder.
func CachePath(repo *history.Repo) (string, error) {
	dir, err := repo.GitDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(repo.Prefix))
	return filepath.Join(dir, "ectdocs", fmt.Sprintf("audit-%x.gob", sum[:6])), nil
}

// LoadCache reads the cache; a missing, old or unreadable cache is an
// empty one (the run then walks the whole history).
func LoadCache(repo *history.Repo) *Cache {
	c := &Cache{versions: map[history.Hash]*Version{}, proofs: map[string]history.Hash{}}
	p, err := CachePath(repo)
	if err != nil {
		return c
	}
	c.path = p
	if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
		return c // none yet, or not ect's: start afresh (SaveCache replaces only a regular file)
	}
	f, err := os.Open(p)
	if err != nil {
		return c
	}
	defer f.Close()
	var cf cacheFile
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&cf); err != nil || cf.Version != cacheVersion || cf.Prefix != repo.Prefix {
		return c
	}
	h := &history.History{Head: hh(cf.Head), Commits: make(map[history.Hash]*history.Commit, len(cf.Commits)), Files: make(map[string][]*history.Change, len(cf.Files))}
	for _, sc := range cf.Commits {
		com := &history.Commit{Hash: hh(sc.Hash), Parents: hhs(sc.Parents), Author: sc.Author, Committer: sc.Committer,
			Subject: sc.Subject, Message: sc.Message, Signed: sc.Signed, Seq: sc.Seq}
		h.Commits[com.Hash] = com
	}
	for path, chs := range cf.Files {
		out := make([]*history.Change, 0, len(chs))
		for _, ch := range chs {
			if com := h.Commits[hh(ch.Commit)]; com != nil {
				out = append(out, &history.Change{Commit: com, Blob: hh(ch.Blob), Before: hhs(ch.Before)})
			}
		}
		h.Files[path] = out
	}
	for b, v := range cf.Versions {
		var content [sha256.Size]byte
		copy(content[:], v.Content)
		c.versions[hh(b)] = &Version{Err: v.Err, Sigs: v.Sigs, Review: v.Review, Released: v.Released, Content: content, Comments: v.Comments}
	}
	c.Known = h
	for k, v := range cf.Proofs {
		c.proofs[k] = hh(v)
	}
	return c
}

// Use makes the auditor start from the cache's versions.
func (a *Auditor) Use(c *Cache) {
	if c == nil {
		return
	}
	a.cache = c
	for b, v := range c.versions {
		a.versions[b] = v
	}
}

// Rewritten reports signatures that an earlier run proved from a commit
// that is no longer in the history: the history was rewritten since.
func (a *Auditor) Rewritten(book *record.Book, res *Result) []diag.Diagnostic {
	if a.cache == nil {
		return nil
	}
	var ds []diag.Diagnostic
	for _, e := range book.ECTs {
		for _, rep := range e.Reports {
			for _, p := range res.Proofs[rep.Rel] {
				was, ok := a.cache.proofs[proofKey(rep.Rel, p)]
				if !ok || p.Commit == nil || was == p.Commit.Hash {
					continue
				}
				if _, still := a.History.Commits[was]; still {
					continue
				}
				if now, ok := a.erased[was]; ok && now == p.Commit.Hash {
					continue // rewritten by a proven erasure (proveErasures)
				}
				ds = append(ds, diag.Errorf(rep.Doc.Locate(entryPath(p), false), RuleRewritten,
					"%s was proven in an earlier check from commit %s, which is no longer in the history: the history has been rewritten (rebase, amend or force-push), and the signature now comes from %s. Restore the original history; if the rewrite was agreed with the appropriate body, collect the signature again",
					describeEntry(p), history.Short(was), history.Short(p.Commit.Hash)))
			}
		}
	}
	return ds
}

func entryPath(p *Proof) []string {
	if p.ABReview() {
		return []string{"ab_review"}
	}
	var i int
	fmt.Sscanf(p.Entry, "signatures[%d]", &i)
	return []string{"signatures", fmt.Sprint(i)}
}

func proofKey(path string, p *Proof) string {
	return path + "\x00" + p.Role + "\x00" + p.By + "\x00" + p.On
}

// SaveCache writes what this run walked and proved, atomically.
func (a *Auditor) SaveCache(res *Result) error {
	p, err := CachePath(a.Repo)
	if err != nil {
		return err
	}
	cf := cacheFile{Version: cacheVersion, Prefix: a.Repo.Prefix, Head: hs(a.History.Head),
		Files: make(map[string][]storedChange, len(a.History.Files)), Versions: map[string]storedVersion{}, Proofs: map[string]string{}}
	for _, c := range a.History.Commits {
		cf.Commits = append(cf.Commits, storedCommit{Hash: hs(c.Hash), Parents: hss(c.Parents), Author: c.Author, Committer: c.Committer,
			Subject: c.Subject, Message: c.Message, Signed: c.Signed, Seq: c.Seq})
	}
	for path, chs := range a.History.Files {
		out := make([]storedChange, len(chs))
		for i, ch := range chs {
			out[i] = storedChange{hs(ch.Commit.Hash), hs(ch.Blob), hss(ch.Before)}
		}
		cf.Files[path] = out
	}
	a.mu.Lock()
	for b, v := range a.versions {
		cf.Versions[hs(b)] = storedVersion{v.Err, v.Sigs, v.Review, v.Released, string(v.Content[:]), v.Comments}
	}
	a.mu.Unlock()
	for path, ps := range res.Proofs {
		for _, pr := range ps {
			if pr.Commit != nil && pr.State != Failed {
				cf.Proofs[proofKey(path, pr)] = hs(pr.Commit.Hash)
			}
		}
	}
	// Keep earlier proofs of commits still in the history (a run with
	// PATH shows only part, but proves everything).
	if a.cache != nil {
		for k, h := range a.cache.proofs {
			if _, ok := cf.Proofs[k]; !ok {
				if _, still := a.History.Commits[h]; still {
					cf.Proofs[k] = hs(h)
				}
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".audit-*.gob")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := gob.NewEncoder(w).Encode(&cf); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}
