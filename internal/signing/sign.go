package signing

import (
	"io"

	"github.com/go-git/go-git/v5"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// SSHSigner returns a signer for go-git's CommitOptions.Signer that makes
// armored SSH signatures with the namespace "git" and SHA-512, as
// `git commit -S` does with gpg.format=ssh. RSA keys sign with rsa-sha2-512.
func SSHSigner(s ssh.Signer) git.Signer {
	return sshSigner{s}
}

type sshSigner struct{ s ssh.Signer }

// Sign signs message, the commit without its signature.
func (s sshSigner) Sign(message io.Reader) ([]byte, error) {
	sig, err := sshsig.Sign(message, s.s, sshsig.HashSHA512, namespace)
	if err != nil {
		return nil, err
	}
	return sshsig.Armor(sig), nil
}
