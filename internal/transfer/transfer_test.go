package transfer

import (
	"bytes"
	"crypto/sha1"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/signing"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
	"golang.org/x/crypto/ssh"
)

// The ECT sent in these tests, at Oakfield Primary; the demo has twelve
// more in three schools.
const (
	trn       = "9900101"
	ectDir    = "schools/990101-oakfield-primary/ects/9900101"
	review    = ectDir + "/reports/2025-26-autumn-progress-review.md"
	other     = "9900104" // another ECT at the same school
	otherDir  = "schools/990101-oakfield-primary/ects/9900104"
	adminName = "Gita Bhatt"
	adminMail = "g.bhatt@fenmoor-tsh.example"
	tutorName = "Joseph Okonkwo"
	tutorMail = "j.okonkwo@oakfield-primary.example"
)

// People of the demo who commit in these tests.
var (
	gita    = fixture.Person{Name: adminName, Email: adminMail} // the AB's admin
	joseph  = fixture.Person{Name: tutorName, Email: tutorMail} // Eleanor's tutor
	eleanor = fixture.Person{Name: "Eleanor Thursby", Email: "e.thursby@oakfield-primary.example"}
	harriet = fixture.Person{Name: "Harriet Pennington", Email: "h.pennington@oakfield-primary.example"}
)

// repo is the demo's records replayed into a real Git repository, commit
// by commit by their authors (workflow.Replay), in records/.
type repo struct {
	*fixture.Repo
	t *testing.T
}

// newRepo replays the demo, then the AB's admin registers their SSH key in
// body.md, and a tutor commits notes for two ECTs at once with a message
// naming both.
func newRepo(t *testing.T, root string, edit func(files map[string][]byte)) (*repo, ssh.Signer) {
	t.Helper()
	demo, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	var src fs.FS = demo
	if edit != nil {
		files := map[string][]byte{}
		err := fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files[p], err = fs.ReadFile(demo, p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		edit(files)
		m := fstest.MapFS{}
		for p, data := range files {
			m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
		src = m
	}
	if _, err := workflow.Replay(src, fixture.Schemas(t), root); err != nil {
		t.Fatal(err)
	}
	r := &repo{fixture.OpenRepo(t, root), t}
	key := gita.SSHKey(t, "laptop")
	body := r.read("body.md")
	body = strings.Replace(body, "    emails: [g.bhatt@fenmoor-tsh.example, ab@fenmoor-tsh.example]\n",
		"    emails: [g.bhatt@fenmoor-tsh.example, ab@fenmoor-tsh.example]\n    keys: ["+strconv.Quote(fixture.AuthorizedKey(key))+"]\n", 1)
	r.commit(gita, "2026-11-20 10:00", "Register Gita's signing key", map[string]string{"body.md": body})
	r.commit(joseph, "2026-11-20 11:00", "Notes on Eleanor Thursby and Harriet Pennington after the staff meeting",
		map[string]string{ectDir + "/documents/notes.txt": "Meeting notes for Eleanor.\n", otherDir + "/documents/notes.txt": "Meeting notes for the other ECT.\n"})
	return r, key
}

// shared is the honest repository, made once (by the first test that
// needs it) for the tests that only read it.
var shared struct {
	once sync.Once
	root string
	r    *repo
	key  ssh.Signer
}

// honest returns the shared repository, which the caller must not change.
func honest(t *testing.T) (*repo, ssh.Signer) {
	t.Helper()
	shared.once.Do(func() {
		root, err := os.MkdirTemp("", "ect-transfer-test-")
		if err != nil {
			t.Fatal(err)
		}
		shared.root = root
		shared.r, shared.key = newRepo(t, root, nil)
	})
	if shared.r == nil {
		t.Fatal("the shared repository could not be made")
	}
	return &repo{fixture.OpenRepo(t, shared.root), t}, shared.key
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.root != "" {
		os.RemoveAll(shared.root)
	}
	os.Exit(code)
}

func (r *repo) records() string { return filepath.Join(r.Dir, "records") }

func (r *repo) read(rel string) string { return fixture.ReadFile(r.t, r.records(), rel) }

// commit writes files (relative to records/) and commits them as who at
// when (see fixture.At).
func (r *repo) commit(who fixture.Person, when, msg string, files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	return r.Commit(fixture.Commit{By: who, When: fixture.At(when), Message: msg, Files: fixture.Under("records", files), Parents: parents})
}

// source walks and audits the repository as ect validate does.
func (r *repo) source() Source {
	r.t.Helper()
	return sourceOf(r.t, r.records())
}

func sourceOf(tb testing.TB, records string) Source {
	tb.Helper()
	book, err := record.Load(os.DirFS(records), ".", fixture.Schemas(tb), record.Options{Display: "records"})
	if err != nil {
		tb.Fatal(err)
	}
	hr, err := history.Open(records)
	if err != nil {
		tb.Fatal(err)
	}
	h, err := hr.Walk(history.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	people, _ := identity.New(book)
	res, _ := audit.New(hr, h, people).Check(book)
	return Source{Repo: hr, History: h, Book: book, Result: res}
}

var tagger = object.Signature{Name: adminName, Email: adminMail, When: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}

// pack builds the bundle of trn, signed with key (nil: unsigned), and
// returns its bytes.
func pack(t *testing.T, src Source, key ssh.Signer) (*Packed, []byte) {
	t.Helper()
	opt := Options{TRN: trn, Tagger: history.Person(tagger)}
	if key != nil {
		opt.Signer = signing.SSHSigner(key)
	}
	p, err := Build(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

// check reads and verifies bundle bytes.
func check(t *testing.T, data []byte, trust *signing.Key) *Checked {
	t.Helper()
	b, err := history.ReadBundle(data)
	if err != nil {
		t.Fatalf("ReadBundle: %v", err)
	}
	c, err := Verify(b, fixture.Schemas(t), "sent.bundle", trust, fixture.Today)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return c
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n\t" + d.String())
	}
	return b.String()
}

func errorsOf(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

func hasError(ds []diag.Diagnostic, rule, text string) bool {
	for _, d := range ds {
		if d.Severity == diag.Error && d.Rule == rule && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}

func git1(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestTransfer sends one ECT of the replayed demo, checks with the real git
// that the bundle clones and holds only what is sent in every commit, that
// no other ECT's name or TRN is in any object, and that the bundle proves
// every signature on arrival.
func TestTransfer(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Parallel()
	r, key := honest(t)
	src := r.source()
	p, data := pack(t, src, key)
	if p.Commits < 10 || p.Commits >= p.Walked {
		t.Errorf("%d commits of %d sent", p.Commits, p.Walked)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "sent.bundle")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	git1(t, dir, "init", "--quiet", "empty")
	git1(t, filepath.Join(dir, "empty"), "bundle", "verify", file)
	git1(t, dir, "clone", "--quiet", file, "clone")
	clone := filepath.Join(dir, "clone")
	if _, err := os.Stat(filepath.Join(clone, "records", review)); err != nil {
		t.Errorf("the clone has no %s: %v", review, err)
	}
	// Every path in every commit of the clone is one that is sent.
	paths := git1(t, clone, "log", "--all", "--format=", "--name-only")
	seen := 0
	for p := range strings.Lines(paths) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		seen++
		rel, ok := strings.CutPrefix(p, "records/")
		if !ok || rel != "body.md" && rel != "schools/990101-oakfield-primary/school.md" && !strings.HasPrefix(rel, ectDir+"/") {
			t.Errorf("the bundle's history holds %s", p)
		}
	}
	if seen == 0 {
		t.Error("git log lists no files")
	}
	if n := strings.Count(git1(t, clone, "log", "--format=%H"), "\n"); n != p.Commits {
		t.Errorf("git log lists %d commits, Build made %d", n, p.Commits)
	}
	// Git checks the tag's SSH signature too.
	signers := filepath.Join(dir, "allowed_signers")
	if err := os.WriteFile(signers, []byte(adminMail+" "+fixture.AuthorizedKey(key)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git1(t, clone, "-c", "gpg.ssh.allowedSignersFile="+signers, "verify-tag", "ectdocs-transfer")

	// No other ECT's name or TRN in any object of the bundle.
	b, err := history.ReadBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, e := range src.Book.ECTs {
		if e.TRN != trn {
			secrets = append(secrets, e.TRN, e.Name)
		}
	}
	objects := 0
	for _, typ := range []plumbing.ObjectType{plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject} {
		iter, err := b.Objects.IterEncodedObjects(typ)
		if err != nil {
			t.Fatal(err)
		}
		err = iter.ForEach(func(o plumbing.EncodedObject) error {
			objects++
			rd, err := o.Reader()
			if err != nil {
				return err
			}
			content, err := io.ReadAll(rd)
			rd.Close()
			for _, s := range secrets {
				if bytes.Contains(content, []byte(s)) {
					t.Errorf("%s %s holds %q:\n%s", typ, o.Hash(), s, content)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if objects < 3*p.Commits {
		t.Errorf("only %d objects read", objects)
	}

	// The commit that also changed another ECT's notes says so neutrally,
	// and every commit names its original.
	msgs := git1(t, clone, "log", "--format=%B%x00")
	if strings.Contains(msgs, "Harriet") || !strings.Contains(msgs, "Records of 9900101 changed with other records (original commit ") {
		t.Errorf("commit messages:\n%s", msgs)
	}
	if n := strings.Count(msgs, Trailer+": "); n != p.Commits {
		t.Errorf("%d commits carry the %s trailer, want %d", n, Trailer, p.Commits)
	}

	// On arrival every signature is proven from the bundle's own history,
	// and the tag is signed by the AB admin's registered key.
	c := check(t, data, nil)
	if errs := errorsOf(c.Diagnostics); len(errs) > 0 {
		t.Errorf("errors:%s", dump(errs))
	}
	proven, all := c.Result.Count.Proven()
	want := 0
	for _, rep := range p.ECT.Reports {
		want += len(src.Result.Proofs[rep.File.Rel])
	}
	t.Logf("%d commits of %d, %d files, %d bytes; %d of %d signatures proven", p.Commits, p.Walked, p.Files, len(data), proven, all)
	if proven != want || all != want || want < 8 {
		t.Errorf("%d of %d signatures proven, want %d", proven, all, want)
	}
	if !c.Signed || c.Signer != adminName || c.Fingerprint != ssh.FingerprintSHA256(key.PublicKey()) || c.Trusted {
		t.Errorf("tag: signed %v by %q with %s, trusted %v", c.Signed, c.Signer, c.Fingerprint, c.Trusted)
	}
	if len(c.Proofs) != want || c.Fields["TRN"] != trn || c.Fields["Source commit"] != src.History.Head.String() {
		t.Errorf("tag: %d proofs, fields %v", len(c.Proofs), c.Fields)
	}
	trusted, err := signing.ParseKey(fixture.AuthorizedKey(key))
	if err != nil {
		t.Fatal(err)
	}
	if c := check(t, data, &trusted); !c.Trusted || len(errorsOf(c.Diagnostics)) > 0 {
		t.Errorf("--trust with the right key: trusted %v, errors:%s", c.Trusted, dump(c.Diagnostics))
	}
	stranger, _ := signing.ParseKey(fixture.AuthorizedKey(fixture.SSHKey(t)))
	if c := check(t, data, &stranger); c.Trusted || !hasError(c.Diagnostics, RuleTag, "not signed with the key you trust") {
		t.Errorf("--trust with another key: trusted %v, diagnostics:%s", c.Trusted, dump(c.Diagnostics))
	}

	// The same source makes the same commits.
	if p2, _ := pack(t, src, nil); p2.Tip != p.Tip {
		t.Errorf("a second build's tip is %s, the first's %s", p2.Tip, p.Tip)
	}
	// An unknown TRN is refused.
	if _, err := Build(src, Options{TRN: "9999999", Tagger: history.Person(tagger)}); err == nil || !strings.Contains(err.Error(), ErrUnknownECT.Error()) {
		t.Errorf("unknown TRN: %v", err)
	}
}

// TestUnsignedTag: without a signing key the tag is unsigned, which
// Verify warns about (and --trust refuses).
func TestUnsignedTag(t *testing.T) {
	t.Parallel()
	r, _ := honest(t)
	_, data := pack(t, r.source(), nil)
	c := check(t, data, nil)
	if c.Signed || len(errorsOf(c.Diagnostics)) > 0 || !strings.Contains(dump(c.Diagnostics), "the transfer tag is not signed") {
		t.Errorf("signed %v, diagnostics:%s", c.Signed, dump(c.Diagnostics))
	}
	k, _ := signing.ParseKey(fixture.AuthorizedKey(fixture.SSHKey(t)))
	if c := check(t, data, &k); !hasError(c.Diagnostics, RuleTag, "not signed") {
		t.Errorf("--trust on an unsigned tag:%s", dump(c.Diagnostics))
	}
}

// TestTampered: each way of changing a bundle in transit is caught.
func TestTampered(t *testing.T) {
	t.Parallel()
	r, key := honest(t)
	src := r.source()
	sent, data := pack(t, src, key)
	header := bytes.Index(data, []byte("\nPACK")) + 1

	t.Run("flipped byte", func(t *testing.T) {
		for _, at := range []int{header + 5, header + 40, len(data) / 2, len(data) - 30, len(data) - 1} {
			bad := bytes.Clone(data)
			bad[at] ^= 0x20
			if _, err := history.ReadBundle(bad); err == nil || !strings.Contains(err.Error(), "damaged") {
				t.Errorf("byte %d flipped: %v", at, err)
			}
		}
	})
	t.Run("flipped byte, checksum made good", func(t *testing.T) {
		// Whoever changes an object can recompute the pack's checksum;
		// then the object itself no longer reads or no longer hashes to
		// what the trees and refs name.
		for _, at := range []int{header + 40, len(data) / 2, len(data) - 60} {
			bad := bytes.Clone(data)
			bad[at] ^= 0x01
			sum := sha1.Sum(bad[header : len(bad)-sha1.Size])
			copy(bad[len(bad)-sha1.Size:], sum[:])
			b, err := history.ReadBundle(bad)
			if err == nil {
				_, err = Verify(b, fixture.Schemas(t), "sent.bundle", nil, fixture.Today)
			}
			if err == nil {
				c := check(t, bad, nil)
				if len(errorsOf(c.Diagnostics)) == 0 {
					t.Errorf("byte %d flipped, checksum recomputed: nothing found", at)
				}
			}
		}
	})
	t.Run("not a bundle", func(t *testing.T) {
		for _, bad := range [][]byte{nil, []byte("hello\n"), data[:header-1], data[:header+10], []byte("# v2 git bundle\nzz refs/heads/main\n\n")} {
			if _, err := history.ReadBundle(bad); err == nil {
				t.Errorf("%q read", bad)
			}
		}
	})

	// A history rewritten with a report changed in its signing commit:
	// the demo replayed with the review edited gives a history in which
	// every signature is again authored by its signer, but it is not the
	// history the tag names.
	tampered, _ := newRepo(t, t.TempDir(), func(files map[string][]byte) {
		files[review] = bytes.Replace(files[review], []byte("Ellie has settled quickly"), []byte("Ellie has settled slowly"), 1)
	})
	forged, _ := pack(t, tampered.source(), nil)
	t.Run("rewritten history under the honest tag", func(t *testing.T) {
		b := retag(t, forged.Bundle, sent.Bundle, nil)
		c := check(t, bundleBytes(t, b), nil)
		if !hasError(c.Diagnostics, RuleTag, "the history was changed after the tag was made") {
			t.Errorf("diagnostics:%s", dump(c.Diagnostics))
		}
	})
	t.Run("rewritten history, the honest tag pointed at it", func(t *testing.T) {
		b := retag(t, forged.Bundle, sent.Bundle, func(tag *object.Tag) { tag.Target = forged.Tip })
		c := check(t, bundleBytes(t, b), nil)
		if !hasError(c.Diagnostics, RuleTag, "does not match") {
			t.Errorf("diagnostics:%s", dump(c.Diagnostics))
		}
	})
	t.Run("report edited inside its signing commit, history rewritten", func(t *testing.T) {
		// From the commit in which Eleanor signed the review on, every
		// version of it says something else: each signature is still
		// added by its signer's commit and nothing changes after, so only
		// the tag can show it.
		b := readBack(t, data)
		tip, err := object.GetCommit(b.Objects, sent.Tip)
		if err != nil {
			t.Fatal(err)
		}
		var line []*object.Commit // oldest first (the replayed history is a line)
		for c := tip; ; {
			line = append([]*object.Commit{c}, line...)
			if c.NumParents() == 0 {
				break
			}
			if c, err = c.Parent(0); err != nil {
				t.Fatal(err)
			}
		}
		var parent plumbing.Hash
		editing := false
		for _, c := range line {
			tree := c.TreeHash
			if f, err := c.File("records/" + review); err == nil {
				text, err := f.Contents()
				if err != nil {
					t.Fatal(err)
				}
				editing = editing || strings.Contains(text, "{role: ect")
				if edited := strings.Replace(text, "Ellie has settled quickly", "Ellie has settled slowly", 1); editing && edited != text {
					tree = replaceFile(t, b.Objects, tree, "records/"+review, edited)
				}
			}
			nc := &object.Commit{Author: c.Author, Committer: c.Committer, Message: c.Message, TreeHash: tree}
			if !parent.IsZero() {
				nc.ParentHashes = []plumbing.Hash{parent}
			}
			if parent, err = store(b.Objects, nc); err != nil {
				t.Fatal(err)
			}
		}
		if !editing || parent == sent.Tip {
			t.Fatal("nothing was rewritten")
		}
		th, _ := b.Ref(TagRef)
		b.Refs = []history.Ref{{Name: plumbing.HEAD, Hash: parent}, {Name: MainRef, Hash: parent}, {Name: TagRef, Hash: th}}
		c := check(t, bundleBytes(t, b), nil)
		if !hasError(c.Diagnostics, RuleTag, "the history was changed after the tag was made") {
			t.Errorf("diagnostics:%s", dump(c.Diagnostics))
		}
		if proven, all := c.Result.Count.Proven(); proven != all {
			t.Errorf("the rewritten history proves %d of %d signatures: the audit alone should not see this", proven, all)
		}
		// Pointing the signed tag at the new history breaks its signature.
		b = retag(t, b, sent.Bundle, func(tag *object.Tag) { tag.Target = parent })
		if c := check(t, bundleBytes(t, b), nil); !hasError(c.Diagnostics, RuleTag, "does not match") {
			t.Errorf("re-pointed tag:%s", dump(c.Diagnostics))
		}
	})
	t.Run("extra commit editing a signed report", func(t *testing.T) {
		b := readBack(t, data)
		tip := sent.Tip
		c, err := object.GetCommit(b.Objects, tip)
		if err != nil {
			t.Fatal(err)
		}
		text := fileAt(t, c, "records/"+review)
		tree := replaceFile(t, b.Objects, c.TreeHash, "records/"+review, strings.Replace(text, "Ellie has settled quickly", "Ellie has settled slowly", 1))
		who := object.Signature{Name: tutorName, Email: tutorMail, When: tagger.When}
		nc, err := store(b.Objects, &object.Commit{Author: who, Committer: who, Message: "Fix a typo\n", TreeHash: tree, ParentHashes: []plumbing.Hash{tip}})
		if err != nil {
			t.Fatal(err)
		}
		tag, err := makeTag(src, sent.ECT, nc, sent.Commits+1, Options{Tagger: history.Person(tagger), Signer: signing.SSHSigner(key)})
		if err != nil {
			t.Fatal(err)
		}
		th, err := b.WriteTag(tag)
		if err != nil {
			t.Fatal(err)
		}
		b.Refs = []history.Ref{{Name: plumbing.HEAD, Hash: nc}, {Name: MainRef, Hash: nc}, {Name: TagRef, Hash: th}}
		ch := check(t, bundleBytes(t, b), nil)
		if !hasError(ch.Diagnostics, audit.RuleEdited, "collect signatures again") || hasError(ch.Diagnostics, RuleTag, "") {
			t.Errorf("diagnostics:%s", dump(ch.Diagnostics))
		}
	})
	t.Run("tag signed by a key not registered to AB staff", func(t *testing.T) {
		_, bad := pack(t, src, fixture.SSHKey(t))
		c := check(t, bad, nil)
		if !hasError(c.Diagnostics, RuleTag, "not registered") || c.Signer != "" {
			t.Errorf("signer %q, diagnostics:%s", c.Signer, dump(c.Diagnostics))
		}
	})
	t.Run("tag signed by a school's staff member's key", func(t *testing.T) {
		// A key registered in school.md is not the AB's.
		tutorKey := fixture.SSHKey(t)
		r2, _ := newRepo(t, t.TempDir(), nil)
		school := r2.read("schools/990101-oakfield-primary/school.md")
		school = strings.Replace(school, "    emails: [j.okonkwo@oakfield-primary.example]\n",
			"    emails: [j.okonkwo@oakfield-primary.example]\n    keys: ["+strconv.Quote(fixture.AuthorizedKey(tutorKey))+"]\n", 1)
		r2.commit(joseph, "2026-11-21 10:00", "Register my key", map[string]string{"schools/990101-oakfield-primary/school.md": school})
		_, bad := pack(t, r2.source(), tutorKey)
		c := check(t, bad, nil)
		if !hasError(c.Diagnostics, RuleTag, "not registered") {
			t.Errorf("diagnostics:%s", dump(c.Diagnostics))
		}
	})
}

// retag gives bundle b the tag of from (changed by edit, if given).
func retag(t *testing.T, b, from *history.Bundle, edit func(*object.Tag)) *history.Bundle {
	t.Helper()
	h, _ := from.Ref(TagRef)
	tag, err := object.GetTag(from.Objects, h)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(tag)
		tag = &object.Tag{Name: tag.Name, Tagger: tag.Tagger, Message: tag.Message, TargetType: tag.TargetType, Target: tag.Target, PGPSignature: tag.PGPSignature}
	}
	out := readBack(t, bundleBytes(t, b))
	th, err := store(out.Objects, tag)
	if err != nil {
		t.Fatal(err)
	}
	for i := range out.Refs {
		if out.Refs[i].Name == TagRef {
			out.Refs[i].Hash = th
		}
	}
	return out
}

func bundleBytes(t *testing.T, b *history.Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readBack(t *testing.T, data []byte) *history.Bundle {
	t.Helper()
	b, err := history.ReadBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fileAt(t *testing.T, c *object.Commit, p string) string {
	t.Helper()
	f, err := c.File(p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.Contents()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// replaceFile stores a copy of tree with the file at p replaced.
func replaceFile(t *testing.T, s *memory.Storage, tree plumbing.Hash, p, text string) plumbing.Hash {
	t.Helper()
	tr, err := object.GetTree(s, tree)
	if err != nil {
		t.Fatal(err)
	}
	name, rest, deeper := strings.Cut(p, "/")
	entries := append([]object.TreeEntry(nil), tr.Entries...)
	for i := range entries {
		if entries[i].Name != name {
			continue
		}
		if deeper {
			entries[i].Hash = replaceFile(t, s, entries[i].Hash, rest, text)
		} else {
			o := &plumbing.MemoryObject{}
			o.SetType(plumbing.BlobObject)
			o.Write([]byte(text))
			if entries[i].Hash, err = s.SetEncodedObject(o); err != nil {
				t.Fatal(err)
			}
			entries[i].Mode = filemode.Regular
		}
	}
	h, err := store(s, &object.Tree{Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestMerges: a branch on which Eleanor's records changed is kept as a
// merge, so that what she committed on it is still hers; a branch that
// changed only another ECT's records leaves no merge behind.
func TestMerges(t *testing.T) {
	t.Parallel()
	r, _ := newRepo(t, t.TempDir(), nil)
	merge := func(branch plumbing.Hash, files map[string]string, msg string) {
		r.commit(gita, "2026-11-21 12:00", msg, files, r.Head(), branch)
	}
	// Eleanor's branch, merged after main moved on.
	base := r.Head()
	mine := map[string]string{ectDir + "/documents/reflection.txt": "My reflection.\n"}
	branch := r.commit(eleanor, "2026-11-21 09:00", "My reflection", mine)
	r.Reset(base)
	r.commit(joseph, "2026-11-21 10:00", "Eleanor's observation notes", map[string]string{ectDir + "/documents/observation.txt": "Notes.\n"})
	merge(branch, mine, "Merge branch 'eleanor-reflection'")
	// Another ECT's branch, merged after main changed Eleanor's records.
	base = r.Head()
	theirs := map[string]string{otherDir + "/documents/reflection.txt": "Harriet's reflection.\n"}
	branch = r.commit(harriet, "2026-11-21 13:00", "My reflection", theirs)
	r.Reset(base)
	r.commit(joseph, "2026-11-21 14:00", "More notes for Eleanor", map[string]string{ectDir + "/documents/observation.txt": "More notes.\n"})
	merge(branch, theirs, "Merge branch 'harriet-reflection'")

	p, data := pack(t, r.source(), nil)
	b := readBack(t, data)
	c := check(t, data, nil)
	if errs := errorsOf(c.Diagnostics); len(errs) > 0 {
		t.Errorf("errors:%s", dump(errs))
	}
	tip, err := object.GetCommit(b.Objects, p.Tip)
	if err != nil {
		t.Fatal(err)
	}
	merges, authors := 0, map[string]string{}
	err = object.NewCommitPreorderIter(tip, nil, nil).ForEach(func(c *object.Commit) error {
		if c.NumParents() > 1 {
			merges++
		}
		stats, err := c.StatsContext(t.Context())
		if err == nil && c.NumParents() < 2 {
			for _, s := range stats {
				authors[s.Name] = c.Author.Name
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if merges != 1 {
		t.Errorf("%d merges in the bundle, want 1 (Eleanor's branch)", merges)
	}
	if got := authors["records/"+ectDir+"/documents/reflection.txt"]; got != "Eleanor Thursby" {
		t.Errorf("Eleanor's reflection was committed by %q in the bundle", got)
	}
}

// FuzzReadBundle: no bytes make ReadBundle or Verify panic, even with the
// pack's checksum made good. The seed is a small bundle of one commit.
func FuzzReadBundle(f *testing.F) {
	st := memory.NewStorage()
	blob := &plumbing.MemoryObject{}
	blob.SetType(plumbing.BlobObject)
	blob.Write([]byte("---\nkind: appropriate-body\n---\n"))
	bh, err := st.SetEncodedObject(blob)
	if err != nil {
		f.Fatal(err)
	}
	tree, err := store(st, &object.Tree{Entries: []object.TreeEntry{{Name: "body.md", Mode: filemode.Regular, Hash: bh}}})
	if err != nil {
		f.Fatal(err)
	}
	c, err := store(st, &object.Commit{Author: tagger, Committer: tagger, Message: "x\n", TreeHash: tree})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := (&history.Bundle{Objects: st, Refs: []history.Ref{{Name: MainRef, Hash: c}}}).Write(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		// Make the pack's checksum good, to reach the pack parser.
		if _, n, err := history.ParseBundleHeader(data); err == nil && len(data)-n > sha1.Size {
			data = bytes.Clone(data)
			sum := sha1.Sum(data[n : len(data)-sha1.Size])
			copy(data[len(data)-sha1.Size:], sum[:])
		}
		b, err := history.ReadBundle(data)
		if err != nil {
			return
		}
		_, _ = Verify(b, fixture.Schemas(t), "fuzz.bundle", nil, fixture.Today)
	})
}
