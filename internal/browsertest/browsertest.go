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
	"time"

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
		chromedp.WSURLReadTimeout(60*time.Second),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, height))
	// A loaded machine now and then sees Chromium exit while starting
	// (the test's own code has not run yet): start it again, twice at most.
	var err error
	for try := 0; try < 3; try++ {
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(actx)
		if err = chromedp.Do(ctx); err == nil {
			t.Cleanup(cancelAlloc)
			t.Cleanup(cancel)
			return ctx
		}
		cancel()
		cancelAlloc()
		t.Logf("Chromium did not start (try %d): %v", try+1, err)
	}
	t.Fatalf("Chromium did not start: %v", err)
	return nil
}
