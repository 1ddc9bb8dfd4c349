package signing_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/crypto/ssh"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/signing"
)

// The fixed clock: the key is made at keyMade, commits are signed at
// signed, and the key made to expire does so at expires.
var (
	keyMade = fixture.At("2025-09-01 10:00")
	signed  = keyMade.Add(10 * 24 * time.Hour)
	expires = keyMade.Add(30 * 24 * time.Hour)
	late    = keyMade.Add(60 * 24 * time.Hour)
)

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

// repo is a real Git repository on disk, made with go-git.
type repo struct {
	*fixture.Repo
	t   *testing.T
	dir string
	r   *git.Repository
}

func newRepo(t *testing.T) *repo {
	r := fixture.NewRepo(t)
	return &repo{r, t, r.Dir, r.Git}
}

// commit makes an empty commit by the tutor, signed with key (the zero
// Key for none).
func (r *repo) commit(msg string, key fixture.Key) *object.Commit {
	return r.Object(r.Commit(fixture.Commit{By: fixture.Tutor, When: signed, Message: msg, Sign: key}))
}

// tampered stores a copy of c with another message and c's signature.
func (r *repo) tampered(c *object.Commit) *object.Commit {
	r.t.Helper()
	forged := *c
	forged.Message = "Progress review: all standards met\n"
	o := r.r.Storer.NewEncodedObject()
	if err := forged.Encode(o); err != nil {
		r.t.Fatal(err)
	}
	h, err := r.r.Storer.SetEncodedObject(o)
	if err != nil {
		r.t.Fatal(err)
	}
	got, err := r.r.CommitObject(h)
	if err != nil {
		r.t.Fatal(err)
	}
	if got.PGPSignature != c.PGPSignature || got.Message == c.Message {
		r.t.Fatal("the tampered commit is not what it should be")
	}
	return got
}

// pgpSigner signs as of a given time.
type pgpSigner struct {
	e  *openpgp.Entity
	at time.Time
}

func (s pgpSigner) Sign(m io.Reader) ([]byte, error) {
	var b bytes.Buffer
	err := openpgp.ArmoredDetachSign(&b, s.e, m, &packet.Config{Time: at(s.at)})
	return b.Bytes(), err
}

// handSigner builds an SSH signature by hand (OpenSSH PROTOCOL.sshsig), with
// any signature algorithm and namespace, which sshsig.Sign will not do.
type handSigner struct {
	s         ssh.AlgorithmSigner
	algorithm string
	namespace string
}

func (s handSigner) Sign(m io.Reader) ([]byte, error) {
	h := sha512.New()
	if _, err := io.Copy(h, m); err != nil {
		return nil, err
	}
	signedData := append([]byte("SSHSIG"), ssh.Marshal(struct {
		Namespace, Reserved, HashAlgorithm, Hash string
	}{s.namespace, "", "sha512", string(h.Sum(nil))})...)
	sig, err := s.s.SignWithAlgorithm(rand.Reader, signedData, s.algorithm)
	if err != nil {
		return nil, err
	}
	blob := ssh.Marshal(struct {
		Magic                                                    [6]byte
		Version                                                  uint32
		PublicKey, Namespace, Reserved, HashAlgorithm, Signature string
	}{[6]byte{'S', 'S', 'H', 'S', 'I', 'G'}, 1, string(s.s.PublicKey().Marshal()), s.namespace, "", "sha512", string(ssh.Marshal(sig))})
	return pem.EncodeToMemory(&pem.Block{Type: "SSH SIGNATURE", Bytes: blob}), nil
}

func mustParse(t *testing.T, text string) signing.Key {
	t.Helper()
	k, err := signing.ParseKey(text)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// verifyCase is one signed (or unsigned) commit and what Verify must say.
type verifyCase struct {
	name   string
	c      *object.Commit
	format string
	want   *signing.Key // the key that verifies it, or nil
	by     string       // the fingerprint SignedBy must give
	errs   []string     // what the error must say, when want is nil
	is     error        // what the error must wrap, if anything
	git    bool         // cross-check with git verify-commit
}

// suite is the commits and keys the tests share.
type suite struct {
	r              *repo
	keys           []signing.Key // registered
	allowedSigners string        // the registered SSH keys, for git
	pgpPublic      []string      // the OpenPGP keys to import into gpg
	sshCases       []verifyCase
	pgpCases       []verifyCase
	unsignedCommit *object.Commit
}

func newFixture(t *testing.T) *suite {
	f := &suite{r: newRepo(t)}
	r := f.r

	// SSH: ed25519, RSA and ECDSA keys registered, one ed25519 key not.
	ed := fixture.Tutor.SSHKey(t, "laptop")
	other := fixture.Tutor.SSHKey(t, "phone")
	rsaPriv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaSigner, err := ssh.NewSignerFromKey(rsaPriv)
	if err != nil {
		t.Fatal(err)
	}
	ecPriv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecSigner, err := ssh.NewSignerFromKey(ecPriv)
	if err != nil {
		t.Fatal(err)
	}
	edKey := mustParse(t, fixture.Tutor.Email+" "+authorizedKey(ed)+" tom@laptop")
	rsaKey := mustParse(t, authorizedKey(rsaSigner))
	ecKey := mustParse(t, authorizedKey(ecSigner))
	for _, s := range []ssh.Signer{ed, rsaSigner, ecSigner} {
		f.allowedSigners += fixture.Tutor.Email + " " + authorizedKey(s) + "\n"
	}

	// OpenPGP: one key, one with a signing subkey, one that expires after
	// it signed, one revoked after it signed; and one not registered.
	pgp := newPGP(t, &packet.Config{Time: at(keyMade)})
	withSub := newPGP(t, &packet.Config{Time: at(keyMade)})
	if err := withSub.AddSigningSubkey(&packet.Config{Time: at(keyMade), Algorithm: packet.PubKeyAlgoEdDSA}); err != nil {
		t.Fatal(err)
	}
	expiring := newPGP(t, &packet.Config{Time: at(keyMade)})
	revoked := newPGP(t, &packet.Config{Time: at(keyMade)})
	pgpOther := newPGP(t, &packet.Config{Time: at(keyMade)})

	rsaSHA1 := handSigner{rsaSigner.(ssh.AlgorithmSigner), ssh.KeyAlgoRSA, "git"}
	edSSH := r.commit("Add autumn progress review\n", fixture.Key{SSH: ed})
	pgpSigned := r.commit("Add spring progress review\n", fixture.Key{OpenPGP: pgp})
	subSigned := r.commit("Signed with a subkey\n", fixture.Key{OpenPGP: withSub})
	expiredSince := r.commit("Signed before the key expired\n", fixture.Key{OpenPGP: expiring})
	expiredThen := r.commit("Signed after the key expired\n", fixture.Key{Signer: pgpSigner{expiring, late}})
	revokedSince := r.commit("Signed before the key was revoked\n", fixture.Key{OpenPGP: revoked})
	f.unsignedCommit = r.commit("Unsigned\n", fixture.Key{})

	// Now make expiring expire, and revoke revoked: the keys as registered.
	id := expiring.PrimaryIdentity()
	life := uint32(expires.Sub(keyMade) / time.Second)
	id.SelfSignature.KeyLifetimeSecs = &life
	if err := id.SelfSignature.SignUserId(id.UserId.Id, expiring.PrimaryKey, expiring.PrivateKey, &packet.Config{Time: at(keyMade)}); err != nil {
		t.Fatal(err)
	}
	if err := revoked.RevokeKey(packet.KeySuperseded, "replaced by a new key", nil); err != nil {
		t.Fatal(err)
	}
	pgpKey := mustParse(t, armored(t, pgp))
	subKey := mustParse(t, armored(t, withSub))
	expiringKey := mustParse(t, armored(t, expiring))
	revokedKey := mustParse(t, armored(t, revoked))
	for _, e := range []*openpgp.Entity{pgp, withSub, expiring, revoked} {
		f.pgpPublic = append(f.pgpPublic, armored(t, e))
	}

	f.keys = []signing.Key{pgpKey, edKey, rsaKey, ecKey, subKey, expiringKey, revokedKey}

	sshFP := func(s ssh.Signer) string { return ssh.FingerprintSHA256(s.PublicKey()) }
	rsaSHA512 := handSigner{rsaSigner.(ssh.AlgorithmSigner), ssh.KeyAlgoRSASHA512, "git"}
	edFile := handSigner{ed.(ssh.AlgorithmSigner), ssh.KeyAlgoED25519, "file"}
	f.sshCases = []verifyCase{
		{name: "ssh ed25519 registered", c: edSSH, format: "ssh", by: sshFP(ed), want: &edKey, git: true},
		{name: "ssh rsa-sha2-512 registered", c: r.commit("RSA\n", fixture.Key{SSH: rsaSigner}), format: "ssh", by: sshFP(rsaSigner), want: &rsaKey, git: true},
		{name: "ssh ecdsa registered", c: r.commit("ECDSA\n", fixture.Key{SSH: ecSigner}), format: "ssh", by: sshFP(ecSigner), want: &ecKey, git: true},
		{name: "ssh signature built by hand", c: r.commit("By hand\n", fixture.Key{Signer: rsaSHA512}), format: "ssh", by: sshFP(rsaSigner), want: &rsaKey, git: true},
		{name: "ssh key not registered", c: r.commit("Other\n", fixture.Key{SSH: other}), format: "ssh", by: sshFP(other),
			errs: []string{"signed with SSH key " + sshFP(other) + ", which is not registered"}, is: signing.ErrNotRegistered, git: true},
		{name: "ssh rsa with sha-1", c: r.commit("SHA-1\n", fixture.Key{Signer: rsaSHA1}), format: "ssh", by: sshFP(rsaSigner),
			errs: []string{"SHA-1", "ssh-rsa", sshFP(rsaSigner)}, git: true},
		{name: "ssh signature for files, not git", c: r.commit("Namespace\n", fixture.Key{Signer: edFile}), format: "ssh", by: sshFP(ed),
			errs: []string{`made for "file"`}, git: true},
		{name: "ssh tampered", c: r.tampered(edSSH), format: "ssh", by: sshFP(ed), errs: []string{"does not match this commit"}, git: true},
		{name: "unsigned", c: f.unsignedCommit, format: "", by: "", errs: []string{"not signed"}, is: signing.ErrUnsigned, git: true},
	}
	subkey := withSub.Subkeys[len(withSub.Subkeys)-1].PublicKey.Fingerprint
	f.pgpCases = []verifyCase{
		{name: "openpgp registered", c: pgpSigned, format: "openpgp", by: pgpKey.Fingerprint, want: &pgpKey, git: true},
		{name: "openpgp signed by a subkey of a registered key", c: subSigned, format: "openpgp", by: hexFP(subkey), want: &subKey, git: true},
		{name: "openpgp key not registered", c: r.commit("Other\n", fixture.Key{OpenPGP: pgpOther}), format: "openpgp", by: hexFP(pgpOther.PrimaryKey.Fingerprint),
			errs: []string{"signed with OpenPGP key " + hexFP(pgpOther.PrimaryKey.Fingerprint), "not registered"}, is: signing.ErrNotRegistered, git: true},
		// gpg says EXPKEYSIG and git fails it; Verify accepts it on purpose.
		{name: "openpgp key expired since it signed", c: expiredSince, format: "openpgp", by: expiringKey.Fingerprint, want: &expiringKey},
		{name: "openpgp key expired when it signed", c: expiredThen, format: "openpgp", by: expiringKey.Fingerprint,
			errs: []string{"signed with OpenPGP key " + expiringKey.Fingerprint + " on " + late.Format(time.DateOnly), "expired"}, git: true},
		{name: "openpgp key revoked since it signed", c: revokedSince, format: "openpgp", by: revokedKey.Fingerprint,
			errs: []string{"signed with OpenPGP key " + revokedKey.Fingerprint, "revoked"}, git: true},
		{name: "openpgp tampered", c: r.tampered(pgpSigned), format: "openpgp", by: pgpKey.Fingerprint, errs: []string{"does not match this commit"}, git: true},
	}
	return f
}

// hexFP is an OpenPGP fingerprint as Key.Fingerprint and SignedBy give it.
func hexFP(fp []byte) string { return strings.ToUpper(hex.EncodeToString(fp)) }

func TestVerify(t *testing.T) {
	f := newFixture(t)
	for _, tt := range append(f.sshCases, f.pgpCases...) {
		t.Run(tt.name, func(t *testing.T) {
			res, err := signing.Verify(fixture.Signature(t, tt.c), f.keys)
			t.Logf("Verify: %+v, %v", res, err)
			if res.Format != tt.format {
				t.Errorf("Format = %q, want %q", res.Format, tt.format)
			}
			if tt.want != nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if res.Key == nil || res.Key.Fingerprint != tt.want.Fingerprint {
					t.Fatalf("Key = %v, want %v", res.Key, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Verify succeeded with %v, want an error", res.Key)
			}
			if res.Key != nil {
				t.Errorf("Key = %v with an error, want nil", res.Key)
			}
			for _, s := range tt.errs {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q does not wrap %q", err, tt.is)
			}
		})
	}
}

func TestVerifyNoKeys(t *testing.T) {
	f := newFixture(t)
	for _, tt := range append(f.sshCases, f.pgpCases...) {
		if tt.want == nil {
			continue
		}
		if _, err := signing.Verify(fixture.Signature(t, tt.c), nil); err == nil {
			t.Errorf("%s: Verify with no keys succeeded", tt.name)
		}
	}
}

func TestSignedBy(t *testing.T) {
	f := newFixture(t)
	for _, tt := range append(f.sshCases, f.pgpCases...) {
		format, fp := signing.SignedBy(fixture.Signature(t, tt.c))
		if format != tt.format || fp != tt.by {
			t.Errorf("%s: SignedBy = %q, %q, want %q, %q", tt.name, format, fp, tt.format, tt.by)
		}
	}
}

// gitEnv is an environment in which git reads no configuration of this machine.
func gitEnv(t *testing.T) []string {
	home := t.TempDir()
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
}

func need(t *testing.T, programs ...string) {
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is not installed", p)
		}
	}
}

// TestGitVerifyCommitSSH checks that git verify-commit agrees with Verify.
func TestGitVerifyCommitSSH(t *testing.T) {
	need(t, "git", "ssh-keygen")
	f := newFixture(t)
	allowed := filepath.Join(t.TempDir(), "allowed_signers")
	if err := os.WriteFile(allowed, []byte(f.allowedSigners), 0o600); err != nil {
		t.Fatal(err)
	}
	env := gitEnv(t)
	for _, tt := range f.sshCases {
		if !tt.git {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("git", "-C", f.r.dir, "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile="+allowed,
				"verify-commit", tt.c.Hash.String())
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			t.Logf("git verify-commit: %v\n%s", err, out)
			if ok := err == nil; ok != (tt.want != nil) {
				t.Errorf("git verify-commit: ok = %v, Verify: ok = %v\n%s", ok, tt.want != nil, out)
			}
		})
	}
}

// TestGitVerifyCommitOpenPGP checks that git verify-commit, with gpg,
// agrees with Verify.
func TestGitVerifyCommitOpenPGP(t *testing.T) {
	need(t, "git", "gpg")
	f := newFixture(t)
	// gpg's socket paths must be short, so not t.TempDir().
	home, err := os.MkdirTemp("", "gpg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		kill := exec.Command("gpgconf", "--kill", "all")
		kill.Env = append(os.Environ(), "GNUPGHOME="+home)
		_ = kill.Run()
		os.RemoveAll(home)
	})
	env := append(gitEnv(t), "GNUPGHOME="+home)
	for _, key := range f.pgpPublic {
		cmd := exec.Command("gpg", "--batch", "--import")
		cmd.Env, cmd.Stdin = env, strings.NewReader(key)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("gpg --import: %v\n%s", err, out)
		}
	}
	for _, tt := range f.pgpCases {
		if !tt.git {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("git", "-C", f.r.dir, "verify-commit", tt.c.Hash.String())
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			t.Logf("git verify-commit: %v\n%s", err, out)
			if ok := err == nil; ok != (tt.want != nil) {
				t.Errorf("git verify-commit: ok = %v, Verify: ok = %v\n%s", ok, tt.want != nil, out)
			}
		})
	}
}

// TestVerifyTag: a tag signed as git tag -s signs it verifies with its
// key, names the key for display, and its refusals speak of the tag.
func TestVerifyTag(t *testing.T) {
	signer, _ := newSSH(t)
	key := mustParse(t, authorizedKey(signer))
	other, _ := newSSH(t)
	tag := history.NewTag("ectdocs-transfer", history.Person{Name: "Gita Example", Email: "gita@ab.example", When: signed},
		"Transfer of the induction records\n", history.ZeroHash)
	if err := tag.Sign(signing.SSHSigner(signer)); err != nil {
		t.Fatal(err)
	}
	payload := func() history.Signed {
		s, err := tag.Signed()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	if res, err := signing.VerifyTag(payload(), []signing.Key{key}); err != nil || res.Key == nil || res.Key.Fingerprint != key.Fingerprint {
		t.Errorf("VerifyTag with its key: %+v, %v", res, err)
	}
	if format, fp := signing.TagSignedBy(payload()); format != "ssh" || fp != key.Fingerprint {
		t.Errorf("TagSignedBy: %q %q, want ssh %s", format, fp, key.Fingerprint)
	}
	if _, err := signing.VerifyTag(payload(), []signing.Key{mustParse(t, authorizedKey(other))}); !errors.Is(err, signing.ErrNotRegistered) {
		t.Errorf("VerifyTag with another key: %v, want ErrNotRegistered", err)
	}
	tag.Message = "Transfer of someone else's records\n"
	_, err := signing.VerifyTag(payload(), []signing.Key{key})
	if want := "the SSH signature does not match this tag: the tag was changed after it was signed"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("VerifyTag of a changed tag: %v, want %q", err, want)
	}
	tag.Signature += tag.Signature
	if _, err := signing.VerifyTag(payload(), []signing.Key{key}); err == nil || !strings.Contains(err.Error(), "the tag carries more than one signature") {
		t.Errorf("VerifyTag of a tag signed twice: %v", err)
	}
}
