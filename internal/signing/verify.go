package signing

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// namespace is the SSH signature namespace Git uses for commits and tags.
const namespace = "git"

// ErrUnsigned is returned by Verify for a commit that carries no signature.
var ErrUnsigned = errors.New("the commit is not signed")

// ErrNotRegistered is wrapped by the error Verify returns when a commit is
// properly signed, but with a key that is not among the keys given.
var ErrNotRegistered = errors.New("not registered to them")

// Result says what a commit's signature proves.
type Result struct {
	// Format is the kind of signature: "" (unsigned), "ssh", "openpgp",
	// "x509", or "unknown" for a signature block of no known kind.
	Format string
	// Key is the key, among those given to Verify, that verified the
	// signature, or nil.
	Key *Key
}

// Verify checks the signature of a commit (its gpgsig header, whatever its
// format, as history.Repo.CommitSignature reads it) over the commit's
// content against keys, and says which of them made
// it. It returns an error, wrapping ErrUnsigned, ErrNotRegistered or neither,
// unless one of keys verified the signature. Result.Format is set even then.
//
// SSH signatures must have the namespace "git"; RSA signatures made with
// SHA-1 (signature algorithm "ssh-rsa") are refused.
//
// An OpenPGP signature made with a subkey counts as made by the key it
// belongs to. A revoked key verifies nothing, whenever it was revoked, since
// the date in a signature is the signer's own claim. An expired key still
// verifies the commits it signed before it expired, so that records signed
// in the past stay signed.
func Verify(c history.Signed, keys []Key) (Result, error) {
	return verifySigned("commit", c, keys)
}

// VerifyTag checks the signature of an annotated tag (appended to its
// message, as git tag -s makes it) over the tag's content against keys, as
// Verify does for a commit.
func VerifyTag(t history.Signed, keys []Key) (Result, error) {
	return verifySigned("tag", t, keys)
}

// verifySigned checks an armored signature over its payload; what
// ("commit", "tag") is what was signed, as the messages name it.
func verifySigned(what string, s history.Signed, keys []Key) (Result, error) {
	format, sig := signature(s.Signature)
	res := Result{Format: format}
	switch format {
	case "":
		return res, ErrUnsigned
	case "x509":
		return res, fmt.Errorf("the %s is signed with an X.509 (S/MIME) certificate, which ectdocs cannot check: sign with an SSH or OpenPGP key", what)
	case "unknown":
		return res, fmt.Errorf("the %s's signature is of a kind ectdocs does not know: sign with an SSH or OpenPGP key", what)
	}
	data := s.Payload
	var k *Key
	var err error
	if format == kindSSH {
		k, err = verifySSH(what, data, sig, keys)
	} else {
		k, err = verifyOpenPGP(what, data, sig, keys)
	}
	res.Key = k
	return res, err
}

// SignedBy reports, for display, the format of a commit's signature and the
// key that made it, whether or not that key is registered: for SSH, the
// SHA-256 fingerprint of the public key inside the signature; for OpenPGP,
// the issuer's fingerprint in upper-case hex, or its 16-digit key ID when
// the signature carries no fingerprint (either may be a subkey's). It does
// not check the signature. The fingerprint is "" when it cannot be read, and
// both are "" for an unsigned commit.
func SignedBy(c history.Signed) (format, fingerprint string) {
	return signedBy(c.Signature)
}

// TagSignedBy reports, for display, the format of an annotated tag's
// signature and the key that made it, as SignedBy does for a commit.
func TagSignedBy(t history.Signed) (format, fingerprint string) {
	return signedBy(t.Signature)
}

// signedBy reads the format and key of a signature without checking it
// (so its errors, which name what was signed, are not needed).
func signedBy(text string) (format, fingerprint string) {
	format, sig := signature(text)
	switch format {
	case kindSSH:
		if _, pub, _ := readSSH("", sig); pub != nil {
			fingerprint = ssh.FingerprintSHA256(pub)
		}
	case kindOpenPGP:
		if p, err := readOpenPGP("", sig); err == nil {
			fingerprint = issuer(p)
		}
	}
	return format, fingerprint
}

// signature returns the format and text of a commit's or tag's signature.
func signature(text string) (format, sig string) {
	sig = strings.TrimSpace(text)
	switch {
	case sig == "":
		return "", ""
	case strings.HasPrefix(sig, "-----BEGIN SSH SIGNATURE-----"):
		return kindSSH, sig
	case strings.HasPrefix(sig, "-----BEGIN PGP SIGNATURE-----"), strings.HasPrefix(sig, "-----BEGIN PGP MESSAGE-----"):
		return kindOpenPGP, sig
	case strings.HasPrefix(sig, "-----BEGIN CERTIFICATE-----"), strings.HasPrefix(sig, "-----BEGIN SIGNED MESSAGE-----"):
		return "x509", sig
	}
	return "unknown", sig
}

// mismatch says that a signature (SSH, OpenPGP) does not match what it
// is on (a commit, a tag).
func mismatch(kind, what string) error {
	return fmt.Errorf("the %s signature does not match this %s: the %s was changed after it was signed, or the signature is damaged", kind, what, what)
}

func verifySSH(what string, payload []byte, armored string, keys []Key) (*Key, error) {
	sig, pub, err := readSSH(what, armored)
	if err != nil {
		return nil, err
	}
	fp := ssh.FingerprintSHA256(pub)
	if sig.Namespace != namespace {
		return nil, fmt.Errorf("the SSH signature was made for %q, not for a Git %s (%q)", sig.Namespace, what, namespace)
	}
	if sshsig.Verify(bytes.NewReader(payload), sig, pub, sig.HashAlgorithm, namespace) != nil {
		return nil, mismatch("SSH", what)
	}
	for _, k := range keys {
		if k.Kind == kindSSH && k.Fingerprint == fp {
			return &k, nil
		}
	}
	return nil, fmt.Errorf("signed with SSH key %s, which is %w", fp, ErrNotRegistered)
}

// readSSH decodes an armored SSH signature on a commit or tag (what). It
// returns the signer's public key whenever that can be read, even when the
// signature is refused.
func readSSH(what, armored string) (*sshsig.Signature, ssh.PublicKey, error) {
	const damaged = "the SSH signature is damaged and cannot be read"
	block, rest := pem.Decode([]byte(armored))
	if block == nil || block.Type != sshsig.PEMType {
		return nil, nil, errors.New(damaged)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return nil, nil, fmt.Errorf("the %s carries more than one signature, which ectdocs does not accept", what)
	}
	// The signature's wire format (OpenSSH PROTOCOL.sshsig), read here only
	// to find the public key and the signature algorithm.
	var blob struct {
		Magic         [6]byte
		Version       uint32
		PublicKey     string
		Namespace     string
		Reserved      string
		HashAlgorithm string
		Signature     string
	}
	var inner ssh.Signature
	if ssh.Unmarshal(block.Bytes, &blob) != nil || ssh.Unmarshal([]byte(blob.Signature), &inner) != nil {
		return nil, nil, errors.New(damaged)
	}
	pub, err := ssh.ParsePublicKey([]byte(blob.PublicKey))
	if err != nil {
		return nil, nil, errors.New(damaged)
	}
	if inner.Format == ssh.KeyAlgoRSA { // "ssh-rsa": RSA with SHA-1
		return nil, pub, fmt.Errorf("the %s is signed with RSA SSH key %s using SHA-1 (signature algorithm ssh-rsa), "+
			"which is no longer safe and which Git refuses: sign it again with a current Git and OpenSSH, which use rsa-sha2-512",
			what, ssh.FingerprintSHA256(pub))
	}
	sig, err := sshsig.ParseSignature(block.Bytes)
	if err != nil {
		return nil, pub, fmt.Errorf("the SSH signature cannot be checked: %v", err)
	}
	return sig, pub, nil
}

func verifyOpenPGP(what string, payload []byte, armored string, keys []Key) (*Key, error) {
	sig, err := readOpenPGP(what, armored)
	if err != nil {
		return nil, err
	}
	var ring openpgp.EntityList
	for _, k := range keys {
		if k.Kind == kindOpenPGP && k.pgp != nil {
			ring = append(ring, k.pgp)
		}
	}
	check := func(at time.Time) (*openpgp.Entity, error) {
		body, err := armor.Decode(strings.NewReader(armored))
		if err != nil {
			return nil, err
		}
		cfg := &packet.Config{}
		if !at.IsZero() {
			cfg.Time = func() time.Time { return at }
		}
		return openpgp.CheckDetachedSignature(ring, bytes.NewReader(payload), body.Body, cfg)
	}
	e, err := check(time.Time{})
	if errors.Is(err, pgperrors.ErrKeyExpired) || errors.Is(err, pgperrors.ErrSignatureExpired) {
		// Expired now; was the key good when it was signed?
		// Revocation is checked before expiry, so a revoked key never gets here.
		e, err = check(sig.CreationTime)
	}
	switch {
	case errors.Is(err, pgperrors.ErrUnknownIssuer):
		return nil, fmt.Errorf("signed with OpenPGP key %s, which is %w", issuer(sig), ErrNotRegistered)
	case errors.Is(err, pgperrors.ErrKeyRevoked):
		return nil, fmt.Errorf("signed with OpenPGP key %s, which has been revoked: register a new key and sign again", issuer(sig))
	case errors.Is(err, pgperrors.ErrKeyExpired), errors.Is(err, pgperrors.ErrSignatureExpired):
		return nil, fmt.Errorf("signed with OpenPGP key %s on %s, when the key had expired: extend the key's expiry date, register it again and sign again",
			issuer(sig), sig.CreationTime.UTC().Format(time.DateOnly))
	case err != nil:
		return nil, mismatch("OpenPGP", what)
	}
	for _, k := range keys {
		if k.Kind == kindOpenPGP && k.pgp == e {
			return &k, nil
		}
	}
	return nil, errors.New("the OpenPGP signature was verified by a key that was not given") // cannot happen
}

// readOpenPGP decodes an armored OpenPGP signature on a commit or tag
// (what) and returns its first signature packet.
func readOpenPGP(what, armored string) (*packet.Signature, error) {
	const damaged = "the OpenPGP signature is damaged and cannot be read"
	if strings.Count(armored, "-----BEGIN ") > 1 {
		return nil, fmt.Errorf("the %s carries more than one signature, which ectdocs does not accept", what)
	}
	block, err := armor.Decode(strings.NewReader(armored))
	if err != nil || block.Type != openpgp.SignatureType {
		return nil, errors.New(damaged)
	}
	p, err := packet.NewReader(block.Body).Next()
	if err != nil {
		return nil, errors.New(damaged)
	}
	sig, ok := p.(*packet.Signature)
	if !ok || sig.IssuerKeyId == nil {
		return nil, errors.New(damaged)
	}
	return sig, nil
}

// issuer names the key that made sig: its fingerprint if the signature says,
// else its key ID.
func issuer(sig *packet.Signature) string {
	if len(sig.IssuerFingerprint) > 0 {
		return fmt.Sprintf("%X", sig.IssuerFingerprint)
	}
	return fmt.Sprintf("%016X", *sig.IssuerKeyId)
}
