package portal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// HugoModfile is where the ectdocs source pins Hugo, as a Go tool kept out
// of the application's go.mod.
const HugoModfile = "site/hugo.mod"

// Source finds the ectdocs source that pins Hugo: ECTDOCS_SOURCE, or the
// nearest folder at or above the working folder that has site/hugo.mod.
func Source() (string, error) {
	if s := os.Getenv("ECTDOCS_SOURCE"); s != "" {
		if _, err := os.Stat(filepath.Join(s, HugoModfile)); err != nil {
			return "", fmt.Errorf("ECTDOCS_SOURCE=%s has no %s", s, HugoModfile)
		}
		return s, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, HugoModfile)); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("the portal is built with the Hugo that ectdocs pins as a Go tool: run ect build in a clone of ectdocs, or set ECTDOCS_SOURCE to one")
		}
		dir = parent
	}
}

// Hugo runs the pinned Hugo on the project in dir, writing the site to
// out, which must be a new, empty folder: Hugo overwrites what is there
// (ect build's outdir.Folder.Replace gives it one). The first run compiles
// Hugo (a few minutes); later runs use Go's cache.
func Hugo(source, dir, out string) error {
	cmd := exec.Command("go", "tool", "-modfile="+HugoModfile, "hugo",
		"--source", dir, "--destination", out, "--noBuildLock", "--logLevel", "warn")
	cmd.Dir = source
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hugo: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Server runs the pinned Hugo's live-reloading server on the project in
// dir, on 127.0.0.1:port, until ctx ends. Rewriting the project's content
// reloads the pages open in a browser.
func Server(ctx context.Context, source, dir string, port int) error {
	cmd := exec.CommandContext(ctx, "go", "tool", "-modfile="+HugoModfile, "hugo", "server",
		"--source", dir, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--noBuildLock", "--logLevel", "warn")
	cmd.Dir = source
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil // stopped, as asked
	}
	return fmt.Errorf("hugo server: %v: %s", err, strings.TrimSpace(stderr.String()))
}
