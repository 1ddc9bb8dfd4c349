// Package browsertest starts the headless Chromium that the tests of what
// a person sees in a browser (the portal, the editor) run in. Without
// Chromium a test is skipped, except in CI (CI set), where it fails:
// .ci/run installs Debian's chromium.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium returns the path of Chromium, skipping the test (failing it in
// CI) when there is none.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium: CI must install Debian's chromium (see .ci/run)")
	}
	t.Skip("no Chromium on this machine (apt-get install chromium)")
	return ""
}

// Start starts a headless Chromium (found by Chromium) with a window of
// width×height CSS pixels and a profile of its own, offline from Google's
// services, and returns a chromedp context for it; it stops when the test
// ends.
func Start(t testing.TB, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(Chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, height))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	return ctx
}
