package transfer

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// Trailer is the line added to every commit of a bundle naming the commit
// of the sending repository it was rewritten from.
const Trailer = "Ectdocs-Original-Commit"

// Source is the repository the records are sent from, walked and audited
// as ect validate does.
type Source struct {
	Repo    *history.Repo
	History *history.History
	Book    *record.Book
	// Result is the sending body's audit of Book over History.
	Result *audit.Result
}

// Options say whose records to send and who sends them.
type Options struct {
	TRN string
	// Tagger makes the transfer tag, at Tagger.When.
	Tagger history.Person
	// Signer signs the tag (an armored SSH signature, as git tag -s
	// makes); nil leaves it unsigned.
	Signer history.Signer
}

// Packed is a transfer bundle made by Build.
type Packed struct {
	*history.Bundle
	ECT *record.ECT
	// Commits counts the bundle's commits, of Walked in the source.
	Commits, Walked int
	// Files counts the files at the bundle's tip.
	Files int
	// Tip is the bundle's main branch; Source the commit it was made from.
	Tip, Source history.Hash
	Tag         *history.Tag
}

// TagKey is the fingerprint of the key that signed the transfer tag, for
// display; "" when it is not signed or the key cannot be read.
func (p *Packed) TagKey() string {
	s, err := p.Tag.Signed()
	if err != nil {
		return ""
	}
	_, fp := signing.TagSignedBy(s)
	return fp
}

// VerifyTag checks the transfer tag's signature against keys.
func (p *Packed) VerifyTag(keys []signing.Key) error {
	s, err := p.Tag.Signed()
	if err != nil {
		return err
	}
	_, err = signing.VerifyTag(s, keys)
	return err
}

// ErrUnknownECT is returned by Build when no ECT has the TRN asked for.
var ErrUnknownECT = errors.New("no ECT with this TRN in the records")

// Build makes the transfer bundle of one ECT: the history of the source,
// rewritten to hold only body.md, the ECT's school's school.md and the
// ECT's folder (the same paths), each commit that changed one of them kept
// with its author, committer, dates and message (a neutral message where
// the commit also changed other records, which could name other ECTs) and
// a trailer naming the original commit. Merges that join branches which
// both changed those files are kept as merges, so that a signature made on
// a branch is still introduced by its signer's commit.
func Build(src Source, opt Options) (*Packed, error) {
	e := src.Book.ECT(opt.TRN)
	if e == nil {
		return nil, fmt.Errorf("%s: %w", opt.TRN, ErrUnknownECT)
	}
	parts := strings.Split(e.File.Rel, "/")
	if len(parts) != 5 || parts[0] != "schools" || parts[2] != "ects" {
		return nil, fmt.Errorf("%s is not filed as schools/<school>/ects/<TRN>/ect.md", e.File.Rel)
	}
	f := &filter{repo: src.Repo, school: parts[1], trn: parts[3], out: history.NewBundle(), trees: map[history.Hash][]history.Entry{}}
	h := src.History
	touched := map[history.Hash]bool{}
	for p, changes := range h.Files {
		if f.kept(p) {
			for _, ch := range changes {
				touched[ch.Commit.Hash] = true
			}
		}
	}
	order := make([]*history.Commit, 0, len(h.Commits))
	for _, c := range h.Commits {
		order = append(order, c)
	}
	slices.SortFunc(order, func(a, b *history.Commit) int { return a.Seq - b.Seq })

	type state struct{ tree, commit history.Hash } // filtered tree and rewritten commit
	done := make(map[history.Hash]state, len(order))
	rewritten := graph{tree: map[history.Hash]history.Hash{}, parents: map[history.Hash][]history.Hash{}}
	commits := 0
	for _, c := range order {
		var parents []history.Hash
		same := true
		for i, p := range c.Parents {
			ps := done[p]
			if i > 0 && ps != done[c.Parents[0]] {
				same = false
			}
			if !ps.commit.IsZero() && !slices.Contains(parents, ps.commit) {
				parents = append(parents, ps.commit)
			}
		}
		if !touched[c.Hash] && same {
			if len(c.Parents) > 0 {
				done[c.Hash] = done[c.Parents[0]]
			}
			continue
		}
		// A merge of a branch that sent nothing new joins a commit to
		// one of its own ancestors: leave that parent out, as git
		// filter-repo does.
		joined := parents
		parents = nil
		for _, p := range joined {
			if !slices.ContainsFunc(joined, func(q history.Hash) bool { return q != p && rewritten.reaches(q, p) }) {
				parents = append(parents, p)
			}
		}
		tree, records, err := f.filtered(c.Hash)
		if err != nil {
			return nil, err
		}
		if len(parents) == 0 && tree.IsZero() {
			continue // nothing sent exists yet
		}
		if len(parents) == 1 && rewritten.tree[parents[0]] == tree {
			done[c.Hash] = state{tree, parents[0]}
			continue // nothing sent changed
		}
		var before history.Hash // the first parent's records folder
		if len(c.Parents) > 0 {
			if before, err = f.recordsOf(c.Parents[0]); err != nil {
				return nil, err
			}
		}
		others, err := f.othersDiffer(records, before, "")
		if err != nil {
			return nil, err
		}
		msg := c.Message
		if others {
			msg = fmt.Sprintf("Records of %s changed with other records (original commit %s)\n", opt.TRN, c.Hash)
		}
		hash, err := f.out.WriteCommit(history.NewCommit{
			Author:    c.Author,
			Committer: c.Committer,
			Message:   strings.TrimRight(msg, "\n") + "\n\n" + Trailer + ": " + c.Hash.String() + "\n",
			Tree:      tree,
			Parents:   parents,
		})
		if err != nil {
			return nil, err
		}
		done[c.Hash] = state{tree, hash}
		rewritten.tree[hash], rewritten.parents[hash] = tree, parents
		commits++
	}
	tip := done[h.Head].commit
	if tip.IsZero() {
		return nil, fmt.Errorf("the records of %s are not committed: commit them first", opt.TRN)
	}
	files, err := f.out.CountFiles(done[h.Head].tree)
	if err != nil {
		return nil, err
	}
	tag, err := makeTag(src, e, tip, commits, opt)
	if err != nil {
		return nil, err
	}
	tagHash, err := f.out.WriteTag(tag)
	if err != nil {
		return nil, err
	}
	b := f.out
	b.Refs = []history.Ref{{Name: history.HEAD, Hash: tip}, {Name: MainRef, Hash: tip}, {Name: TagRef, Hash: tagHash}}
	return &Packed{Bundle: b, ECT: e, Commits: commits, Walked: len(h.Commits), Files: files, Tip: tip, Source: h.Head, Tag: tag}, nil
}

// graph is the rewritten history: each new commit's tree and parents.
type graph struct {
	tree    map[history.Hash]history.Hash
	parents map[history.Hash][]history.Hash
}

// reaches reports whether commit a has b among its ancestors.
func (g graph) reaches(a, b history.Hash) bool {
	seen := map[history.Hash]bool{}
	stack := []history.Hash{a}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range g.parents[h] {
			if p == b {
				return true
			}
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	return false
}

// Sent lists what a transfer of e sends, relative to the records folder:
// body.md, the school's school.md and the ECT's folder.
func Sent(e *record.ECT) []string {
	return []string{"body.md", path.Dir(e.School.File.Rel) + "/school.md", path.Dir(e.File.Rel)}
}

// OpenSource opens the repository the records folder root is in, for a
// transfer of e: it must hold the whole history, and none of what is sent
// may have changes not committed, which the bundle would leave out.
func OpenSource(root, display string, e *record.ECT) (*history.Repo, error) {
	repo, err := history.Open(root)
	if errors.Is(err, history.ErrNotRepository) {
		return nil, fmt.Errorf("the records in %s are not in a Git repository: a transfer carries the records' history, which proves their signatures; commit them to Git first", display)
	}
	if err != nil {
		return nil, err
	}
	if repo.Shallow() {
		return nil, errors.New("the repository is a shallow clone: a transfer carries the whole history; fetch it first (git fetch --unshallow)")
	}
	changed, err := repo.Uncommitted(root, Sent(e))
	if err != nil {
		return nil, err
	}
	if len(changed) > 0 {
		return nil, fmt.Errorf("these records have changes that are not committed, which a transfer would leave out: %s. Commit them (or undo them) first", strings.Join(changed, ", "))
	}
	return repo, nil
}

// Counted counts what the transfer tag lists of e's proofs in r: the
// signatures and reviews, and the AB's decisions.
func Counted(e *record.ECT, r *audit.Result) (signatures, decisions int) {
	for _, rel := range ProvenFiles(e) {
		for _, p := range r.Proofs[rel] {
			if p.Decision() {
				decisions++
			} else {
				signatures++
			}
		}
	}
	return signatures, decisions
}

// ProvenFiles lists the files of e whose proofs the transfer tag carries:
// its profile (the AB's decisions) and then its reports (signatures and
// reviews), as the audit keys them.
func ProvenFiles(e *record.ECT) []string {
	files := []string{e.File.Rel}
	for _, rep := range e.Reports {
		files = append(files, rep.File.Rel)
	}
	return files
}

// makeTag writes the transfer tag's message and signs it.
func makeTag(src Source, e *record.ECT, tip history.Hash, commits int, opt Options) (*history.Tag, error) {
	var m strings.Builder
	fmt.Fprintf(&m, "Transfer of the induction records of %s (TRN %s)\n\n", e.Name, e.TRN)
	fmt.Fprintf(&m, "TRN: %s\nECT: %s\n", e.TRN, e.Name)
	if e.School != nil {
		fmt.Fprintf(&m, "School: %s (URN %d)\n", e.School.Name, e.School.URN)
	}
	if b := src.Book.Body; b != nil {
		fmt.Fprintf(&m, "Sending appropriate body: %s\n", b.Name)
	}
	fmt.Fprintf(&m, "Source commit: %s\n", src.History.Head)
	fmt.Fprintf(&m, "Made: %s by %s <%s>\n", opt.Tagger.When.UTC().Format(time.RFC3339), opt.Tagger.Name, opt.Tagger.Email)
	fmt.Fprintf(&m, "Commits: %d (of %d in the source)\n", commits, len(src.History.Commits))
	m.WriteString("\nThe commits were rewritten to leave out every other ECT's records, so the\n" +
		"signatures of the original commits cannot travel. The sending body's audit\n" +
		"proved each signature of these records, and each decision of the AB, from\n" +
		"its own history as follows\n" +
		"(short hashes are the source's commits):\n\n")
	for _, rel := range ProvenFiles(e) {
		if src.Result == nil {
			break
		}
		for _, p := range src.Result.Proofs[rel] {
			fmt.Fprintf(&m, "Proof: %s %s (%s %s %s): %s\n", rel, p.Entry, p.Role, p.By, p.On, p.Describe())
		}
	}
	t := history.NewTag(TagRef.Short(), opt.Tagger, m.String(), tip)
	if opt.Signer == nil {
		return t, nil
	}
	if err := t.Sign(opt.Signer); err != nil {
		return nil, fmt.Errorf("sign the transfer tag: %w", err)
	}
	return t, nil
}

// filter rewrites trees to hold only what is sent.
type filter struct {
	repo        *history.Repo
	school, trn string
	out         *history.Bundle
	trees       map[history.Hash][]history.Entry
}

// kept reports whether a path relative to the records folder is sent.
func (f *filter) kept(p string) bool {
	dir := "schools/" + f.school
	return p == "body.md" || p == dir+"/school.md" || strings.HasPrefix(p, dir+"/ects/"+f.trn+"/") || p == dir+"/ects/"+f.trn
}

// leadsTo reports whether a folder relative to the records folder holds
// something sent (or is the records folder itself).
func (f *filter) leadsTo(p string) bool {
	return p == "" || p == "schools" || p == "schools/"+f.school || p == "schools/"+f.school+"/ects"
}

// tree reads a tree of the source, once.
func (f *filter) tree(h history.Hash) ([]history.Entry, error) {
	if t, ok := f.trees[h]; ok {
		return t, nil
	}
	t, err := f.repo.Tree(h)
	if err != nil {
		return nil, err
	}
	if len(f.trees) > 4096 {
		clear(f.trees)
	}
	f.trees[h] = t
	return t, nil
}

// entry finds a name in a tree; nil when tree is zero or has no such name.
func (f *filter) entry(tree history.Hash, name string) (*history.Entry, error) {
	if tree.IsZero() {
		return nil, nil
	}
	t, err := f.tree(tree)
	if err != nil {
		return nil, err
	}
	for i := range t {
		if t[i].Name == name {
			return &t[i], nil
		}
	}
	return nil, nil
}

// dir returns the tree at a slash-separated path below tree; zero when
// there is none.
func (f *filter) dir(tree history.Hash, p string) (history.Hash, error) {
	if p == "" {
		return tree, nil
	}
	for name := range strings.SplitSeq(p, "/") {
		e, err := f.entry(tree, name)
		if err != nil || e == nil || e.Mode != history.ModeDir {
			return history.ZeroHash, err
		}
		tree = e.Hash
	}
	return tree, nil
}

// filtered returns the tree of a commit holding only what is sent (zero
// when it holds none of it), and the commit's records folder's tree.
func (f *filter) filtered(commit history.Hash) (tree, records history.Hash, err error) {
	if records, err = f.recordsOf(commit); err != nil {
		return history.ZeroHash, history.ZeroHash, err
	}
	var recEntries []history.Entry
	body, err := f.entry(records, "body.md")
	if err != nil {
		return history.ZeroHash, history.ZeroHash, err
	}
	if body != nil && body.Mode.IsFile() {
		if err := f.copy(body.Hash, false); err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		recEntries = append(recEntries, *body)
	}
	schoolTree, err := f.dir(records, "schools/"+f.school)
	if err != nil {
		return history.ZeroHash, history.ZeroHash, err
	}
	var schoolEntries []history.Entry
	if e, err := f.entry(schoolTree, "school.md"); err != nil {
		return history.ZeroHash, history.ZeroHash, err
	} else if e != nil && e.Mode.IsFile() {
		if err := f.copy(e.Hash, false); err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		schoolEntries = append(schoolEntries, *e)
	}
	ectTree, err := f.dir(schoolTree, "ects/"+f.trn)
	if err != nil {
		return history.ZeroHash, history.ZeroHash, err
	}
	if !ectTree.IsZero() {
		if err := f.copy(ectTree, true); err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		ects, err := f.newTree([]history.Entry{{Name: f.trn, Mode: history.ModeDir, Hash: ectTree}})
		if err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		schoolEntries = append(schoolEntries, history.Entry{Name: "ects", Mode: history.ModeDir, Hash: ects})
	}
	if len(schoolEntries) > 0 {
		school, err := f.newTree(schoolEntries)
		if err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		schools, err := f.newTree([]history.Entry{{Name: f.school, Mode: history.ModeDir, Hash: school}})
		if err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		recEntries = append(recEntries, history.Entry{Name: "schools", Mode: history.ModeDir, Hash: schools})
	}
	if len(recEntries) > 0 {
		if tree, err = f.newTree(recEntries); err != nil {
			return history.ZeroHash, history.ZeroHash, err
		}
		if f.repo.Prefix != "" {
			names := strings.Split(f.repo.Prefix, "/")
			for i := len(names) - 1; i >= 0; i-- {
				if tree, err = f.newTree([]history.Entry{{Name: names[i], Mode: history.ModeDir, Hash: tree}}); err != nil {
					return history.ZeroHash, history.ZeroHash, err
				}
			}
		}
	}
	return tree, records, nil
}

// recordsOf returns the tree of a commit's records folder; zero when it
// has none.
func (f *filter) recordsOf(commit history.Hash) (history.Hash, error) {
	tree, err := f.repo.CommitTree(commit)
	if err != nil {
		return history.ZeroHash, err
	}
	return f.dir(tree, f.repo.Prefix)
}

// othersDiffer reports whether two records trees (a newer, b older; either
// zero) differ anywhere but in what is sent.
func (f *filter) othersDiffer(a, b history.Hash, dir string) (bool, error) {
	if a == b {
		return false, nil
	}
	names := map[string][2]history.Hash{}
	for i, h := range []history.Hash{a, b} {
		if h.IsZero() {
			continue
		}
		t, err := f.tree(h)
		if err != nil {
			return false, err
		}
		for _, e := range t {
			v := names[e.Name]
			v[i] = e.Hash
			names[e.Name] = v
		}
	}
	for name, v := range names {
		p := path.Join(dir, name)
		switch {
		case v[0] == v[1], f.kept(p):
		case f.leadsTo(p):
			if d, err := f.othersDiffer(v[0], v[1], p); d || err != nil {
				return d, err
			}
		default:
			return true, nil
		}
	}
	return false, nil
}

// copy copies an object of the source (and, for a tree, everything in
// it) into the bundle.
func (f *filter) copy(h history.Hash, isTree bool) error {
	err := f.out.Copy(f.repo, h, isTree)
	if se, ok := errors.AsType[*history.SubmoduleError](err); ok {
		return fmt.Errorf("the ECT's folder holds a Git submodule (%s), which cannot be sent", se.Name)
	}
	return err
}

// newTree stores a tree of entries, sorted as Git sorts them.
func (f *filter) newTree(entries []history.Entry) (history.Hash, error) {
	return f.out.WriteTree(entries)
}
