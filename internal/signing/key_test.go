package signing_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"golang.org/x/crypto/ssh"

	"github.com/ectdocs/ectdocs/internal/signing"
)

// newSSH makes an ed25519 SSH key pair.
func newSSH(t testing.TB) (ssh.Signer, ed25519.PrivateKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, priv
}

// authorizedKey is the public key of s as a line of a .pub file, without its newline.
func authorizedKey(s ssh.Signer) string {
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.PublicKey())))
}

// newPGP makes an OpenPGP key (ed25519, as `gpg --quick-gen-key` does by default).
func newPGP(t testing.TB, cfg *packet.Config) *openpgp.Entity {
	t.Helper()
	if cfg == nil {
		cfg = &packet.Config{}
	}
	cfg.Algorithm = packet.PubKeyAlgoEdDSA
	e, err := openpgp.NewEntity("Jo Okonkwo", "", "j.okonkwo@example.org", cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// armored writes the public part of entities as one armored block, as
// `gpg --armor --export` does.
func armored(t testing.TB, entities ...*openpgp.Entity) string {
	t.Helper()
	var b bytes.Buffer
	w, err := armor.Encode(&b, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entities {
		if err := e.Serialize(w); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestParseKey(t *testing.T) {
	sshKey, sshPriv := newSSH(t)
	line := authorizedKey(sshKey)
	fp := ssh.FingerprintSHA256(sshKey.PublicKey())

	privBlock, err := ssh.MarshalPrivateKey(sshPriv, "")
	if err != nil {
		t.Fatal(err)
	}
	sshPrivate := string(pem.EncodeToMemory(privBlock))

	pgp := newPGP(t, nil)
	pgpFP := strings.ToUpper(hex.EncodeToString(pgp.PrimaryKey.Fingerprint))
	var priv bytes.Buffer
	w, err := armor.Encode(&priv, openpgp.PrivateKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pgp.SerializePrivate(w, nil); err != nil {
		t.Fatal(err)
	}
	w.Close()
	// A private key wrongly labelled as public.
	disguised := strings.ReplaceAll(priv.String(), "PRIVATE KEY BLOCK", "PUBLIC KEY BLOCK")

	tests := []struct {
		name    string
		text    string
		kind    string
		fp      string
		wantErr string
	}{
		{"ssh line", line, "ssh", fp, ""},
		{"ssh line with comment", line + " jo@laptop", "ssh", fp, ""},
		{"ssh line with spaces around", "\n  " + line + " jo@laptop\n", "ssh", fp, ""},
		{"allowed_signers principals", "j.okonkwo@example.org " + line, "ssh", fp, ""},
		{"allowed_signers principals and options", `j.okonkwo@example.org,jo@example.org namespaces="git" ` + line, "ssh", fp, ""},
		{"openpgp block", armored(t, pgp), "openpgp", pgpFP, ""},
		{"openpgp block indented in YAML", "  " + strings.ReplaceAll(armored(t, pgp), "\n", "\n  "), "openpgp", pgpFP, ""},
		{"empty", "", "", "", "the key is empty"},
		{"blank", " \n\t", "", "", "the key is empty"},
		{"garbage", "my key is in the drawer", "", "", "not an SSH public key or an armored OpenPGP public key block"},
		{"damaged ssh key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", "", "", "SSH key: "},
		{"two ssh keys", line + "\n" + line, "", "", "SSH key: the entry holds more than one key"},
		{"private ssh key", sshPrivate, "", "", "this is a PRIVATE key"},
		{"private openpgp key", priv.String(), "", "", "this is a PRIVATE key"},
		{"private openpgp key labelled public", disguised, "", "", "this is a PRIVATE key"},
		{"damaged openpgp block", armored(t, pgp)[:200], "", "", "OpenPGP key block: "},
		{"two openpgp keys", armored(t, pgp, newPGP(t, nil)), "", "", "OpenPGP key block: it holds 2 keys"},
		{"pgp signature", "-----BEGIN PGP SIGNATURE-----\n\nwx0EAA==\n-----END PGP SIGNATURE-----", "", "", "not an SSH public key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := signing.ParseKey(tt.text)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseKey: got %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseKey: %v", err)
			}
			if k.Kind != tt.kind || k.Fingerprint != tt.fp {
				t.Errorf("ParseKey = %s %s, want %s %s", k.Kind, k.Fingerprint, tt.kind, tt.fp)
			}
		})
	}
}

func TestKeyString(t *testing.T) {
	s, _ := newSSH(t)
	sk, err := signing.ParseKey(authorizedKey(s))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := signing.ParseKey(armored(t, newPGP(t, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		k      signing.Key
		prefix string
	}{
		{sk, "SSH key " + sk.Fingerprint[:len("SHA256:")+12] + "…"},
		{pk, "OpenPGP key " + pk.Fingerprint[:16] + "…"},
		{signing.Key{}, "no key"},
	} {
		if got := tt.k.String(); got != tt.prefix {
			t.Errorf("String() = %q, want %q", got, tt.prefix)
		}
	}
}

func FuzzParseKey(f *testing.F) {
	s, _ := newSSH(f)
	f.Add(authorizedKey(s))
	f.Add("j.okonkwo@example.org " + authorizedKey(s) + " comment")
	f.Add(armored(f, newPGP(f, nil)))
	f.Add("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----")
	f.Add("-----BEGIN OPENSSH PRIVATE KEY-----")
	f.Add("ssh-rsa AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		k, err := signing.ParseKey(text)
		if err == nil && (k.Fingerprint == "" || (k.Kind != "ssh" && k.Kind != "openpgp")) {
			t.Errorf("ParseKey(%q) = %+v with no error", text, k)
		}
		_ = k.String()
	})
}

// TestKeyFrom: --trust takes a key file (its first key line, past
// comments; or an OpenPGP block), or the key itself; a folder or a file
// with no key in it is refused, never read as a key.
func TestKeyFrom(t *testing.T) {
	s, _ := newSSH(t)
	line := authorizedKey(s)
	pgp := armored(t, newPGP(t, nil))
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sshKey, _ := signing.ParseKey(line)
	pgpKey, _ := signing.ParseKey(pgp)
	for _, tt := range []struct {
		name, arg string
		want      string // fingerprint; "" when refused
	}{
		{"key line", line, sshKey.Fingerprint},
		{"key file", file("a.pub", "# the sending body\n\n"+line+"\n"), sshKey.Fingerprint},
		{"OpenPGP file", file("b.asc", pgp), pgpKey.Fingerprint},
		{"empty file", file("c.pub", "# nothing\n"), ""},
		{"folder", dir, ""},
		{"missing file", filepath.Join(dir, "none.pub"), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k, err := signing.KeyFrom(tt.arg)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("KeyFrom(%q) = %v, want an error", tt.arg, k)
				}
				return
			}
			if err != nil || k.Fingerprint != tt.want {
				t.Fatalf("KeyFrom(%q) = %v, %v; want %s", tt.arg, k.Fingerprint, err, tt.want)
			}
		})
	}
}
