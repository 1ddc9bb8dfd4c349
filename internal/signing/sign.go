package signing

import (
	"bytes"

	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// SSHSigner returns a signer for commits and tags (history.Signer) that makes
// armored SSH signatures with the namespace "git" and SHA-512, as
// `git commit -S` does with gpg.format=ssh. RSA keys sign with rsa-sha2-512.
func SSHSigner(s ssh.Signer) history.Signer {
	return sshSigner{s}
}

type sshSigner struct{ s ssh.Signer }

// Sign signs message, the commit without its signature.
func (s sshSigner) Sign(message []byte) ([]byte, error) {
	sig, err := sshsig.Sign(bytes.NewReader(message), s.s, sshsig.HashSHA512, namespace)
	if err != nil {
		return nil, err
	}
	return sshsig.Armor(sig), nil
}
