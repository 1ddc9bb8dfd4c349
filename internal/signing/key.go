// Package signing reads the public keys people register in the records and
// checks Git commit signatures against them.
//
// A key is either an SSH public key (as in an authorized_keys or git
// allowed_signers file) or an ASCII-armored OpenPGP public key block.
// Verify says which registered key, if any, signed a commit; SignedBy says
// which key signed it whether or not that key is registered; SSHSigner signs
// commits the way `git commit -S` does with gpg.format=ssh.
package signing

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"golang.org/x/crypto/ssh"
)

// The kinds of key, which are also the formats of signature they make.
const (
	kindSSH     = "ssh"
	kindOpenPGP = "openpgp"
)

const errPrivate = "this is a PRIVATE key: register the public key only " +
	"(for SSH, the contents of the .pub file; for OpenPGP, the output of gpg --armor --export), " +
	"and keep the private one secret"

// Key is a public key registered to a person. Make one with ParseKey.
type Key struct {
	// Kind is "ssh" or "openpgp".
	Kind string
	// Fingerprint identifies the key. For an SSH key it is the SHA-256
	// fingerprint as ssh-keygen -l prints it ("SHA256:..."); for an OpenPGP
	// key it is the primary key's fingerprint in upper-case hex.
	Fingerprint string

	ssh ssh.PublicKey
	pgp *openpgp.Entity
}

// ParseKey reads one registered key: an SSH public key line, optionally
// preceded by the principals field of a git allowed_signers file, or an
// ASCII-armored OpenPGP public key block holding exactly one key.
// Private keys are refused.
func ParseKey(text string) (Key, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return Key{}, errors.New("the key is empty: paste the public key " +
			"(a line starting ssh-ed25519, or a -----BEGIN PGP PUBLIC KEY BLOCK----- block)")
	case isPrivate(text):
		return Key{}, errors.New(errPrivate)
	case strings.HasPrefix(text, "-----BEGIN PGP PUBLIC KEY BLOCK-----"):
		return parseOpenPGP(text)
	}
	return parseSSH(text)
}

// isPrivate reports whether text looks like a private key of any common kind.
func isPrivate(text string) bool {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "-----BEGIN ") && strings.Contains(line, "PRIVATE KEY") ||
			strings.HasPrefix(line, "PuTTY-User-Key-File-") {
			return true
		}
	}
	return false
}

func parseOpenPGP(text string) (Key, error) {
	// Indentation (from YAML, or an email) is no part of the block.
	var b strings.Builder
	for line := range strings.Lines(text) {
		b.WriteString(strings.TrimSpace(line) + "\n")
	}
	list, err := openpgp.ReadArmoredKeyRing(strings.NewReader(b.String()))
	if err != nil {
		return Key{}, fmt.Errorf("OpenPGP key block: it could not be read (%v): "+
			"copy the whole block again, from -----BEGIN to -----END", err)
	}
	switch {
	case len(list) == 0:
		return Key{}, errors.New("OpenPGP key block: it holds no key")
	case len(list) > 1:
		return Key{}, fmt.Errorf("OpenPGP key block: it holds %d keys: register each key as its own entry", len(list))
	}
	e := list[0]
	if e.PrivateKey != nil {
		return Key{}, errors.New(errPrivate)
	}
	return Key{Kind: kindOpenPGP, Fingerprint: fmt.Sprintf("%X", e.PrimaryKey.Fingerprint), pgp: e}, nil
}

func parseSSH(text string) (Key, error) {
	pub, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		// An allowed_signers line starts with the principals, which may be
		// followed by options; ParseAuthorizedKey copes with one of the two.
		if _, after, ok := strings.Cut(text, " "); ok {
			pub, _, _, rest, err = ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(after)))
		}
	}
	if err != nil {
		if !looksLikeSSH(text) {
			return Key{}, errors.New("not an SSH public key or an armored OpenPGP public key block")
		}
		return Key{}, fmt.Errorf("SSH key: it could not be read (%v): "+
			"copy the whole line of the .pub file again", err)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return Key{}, errors.New("SSH key: the entry holds more than one key: register each key as its own entry")
	}
	if _, ok := pub.(*ssh.Certificate); ok {
		return Key{}, errors.New("SSH key: this is an SSH certificate: register the plain public key (the .pub file) instead")
	}
	return Key{Kind: kindSSH, Fingerprint: ssh.FingerprintSHA256(pub), ssh: pub}, nil
}

// looksLikeSSH reports whether text names an SSH key type, so that a damaged
// SSH key gets an error about SSH keys.
func looksLikeSSH(text string) bool {
	for _, f := range strings.Fields(text) {
		if strings.HasPrefix(f, "ssh-") || strings.HasPrefix(f, "ecdsa-") || strings.HasPrefix(f, "sk-") {
			return true
		}
	}
	return false
}

// String describes the key briefly, as "SSH key SHA256:1a2b3c4d5e6f…" or
// "OpenPGP key 0123ABCD4567EF89…".
func (k Key) String() string {
	switch k.Kind {
	case kindSSH:
		return "SSH key " + shorten(k.Fingerprint, len("SHA256:")+12)
	case kindOpenPGP:
		return "OpenPGP key " + shorten(k.Fingerprint, 16)
	}
	return "no key"
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// KeyFrom reads a key given on the command line: the name of a file
// holding one (an SSH public key line, the first that is not a comment,
// or an OpenPGP public key block), or else the key itself. Only a regular
// file is read: a name of anything else is taken as the key, and refused.
func KeyFrom(arg string) (Key, error) {
	st, err := os.Stat(arg)
	if err != nil || !st.Mode().IsRegular() {
		return ParseKey(arg)
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return Key{}, err
	}
	if strings.Contains(string(data), "-----BEGIN PGP PUBLIC KEY BLOCK-----") {
		return ParseKey(string(data))
	}
	for line := range strings.Lines(string(data)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return ParseKey(line)
		}
	}
	return ParseKey("")
}
