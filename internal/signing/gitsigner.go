package signing

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ectdocs/ectdocs/internal/history"
	"golang.org/x/crypto/ssh"
)

// GitSigner returns what signs as the user's Git would, from the
// repository's (else the user's, else the system's) user.signingkey and
// gpg.format, as ConfiguredSigner does; nil and why not when Git is not
// set to sign with an SSH key.
func GitSigner(repo *history.Repo) (history.Signer, string, error) {
	key, err := repo.ConfigOption("user", "signingkey")
	if err != nil {
		return nil, "", err
	}
	format, err := repo.ConfigOption("gpg", "format")
	if err != nil {
		return nil, "", err
	}
	return ConfiguredSigner(key, format)
}

// ConfiguredSigner returns what signs as Git does with the given
// user.signingkey and gpg.format: the user's SSH key (a private key file
// read directly, or ssh-keygen -Y sign for a key with a passphrase or in
// the agent, or a literal "key::" public key); nil and why not when Git is
// not set to sign with an SSH key.
func ConfiguredSigner(key, format string) (history.Signer, string, error) {
	switch {
	case key == "":
		return nil, "Git has no signing key (set user.signingkey to your SSH key and gpg.format to ssh to sign it)", nil
	case format != "ssh":
		return nil, "Git is set to sign with OpenPGP; ect signs transfer tags with SSH keys only (gpg.format ssh)", nil
	}
	if literal, ok := strings.CutPrefix(key, "key::"); ok {
		return keygenSigner{key: literal, literal: true}, "", nil
	}
	if rest, ok := strings.CutPrefix(key, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, "", err
		}
		key = filepath.Join(home, rest)
	}
	data, err := os.ReadFile(key)
	if err != nil {
		return nil, "", fmt.Errorf("user.signingkey: %w", err)
	}
	if priv, err := ssh.ParsePrivateKey(data); err == nil {
		return SSHSigner(priv), "", nil
	}
	// A key with a passphrase, or a public key whose private half is in
	// the SSH agent: let ssh-keygen sign, as git does.
	return keygenSigner{key: key}, "", nil
}

// keygenSigner signs with ssh-keygen -Y sign, as git tag -s does with
// gpg.format ssh.
type keygenSigner struct {
	key     string // a key file, or a public key itself when literal
	literal bool
}

// Sign signs message with the namespace "git".
func (k keygenSigner) Sign(message []byte) ([]byte, error) {
	file := k.key
	args := []string{"-Y", "sign", "-n", "git"}
	if k.literal {
		f, err := os.CreateTemp("", "ect-signingkey-")
		if err != nil {
			return nil, err
		}
		defer os.Remove(f.Name())
		if _, err := f.WriteString(k.key + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		f.Close()
		file = f.Name()
		args = append(args, "-U")
	}
	cmd := exec.Command("ssh-keygen", append(args, "-f", file)...)
	cmd.Stdin = bytes.NewReader(message)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	sig, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("ssh-keygen -Y sign: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return sig, nil
}
