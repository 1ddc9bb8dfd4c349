package portal

import "context"

// Generator turns a project that Write wrote into a site: the Hugo linked
// into ect (internal/hugo.Linked). Commands receive it from main, so that
// packages and tests that never build a site do not link Hugo.
type Generator interface {
	// Build builds the project in dir into out, a new, empty folder.
	Build(dir, out string) error
	// Serve serves the project in dir on 127.0.0.1:port, reloading the
	// pages open in a browser as the project changes, until ctx ends.
	Serve(ctx context.Context, dir string, port int) error
	// Version is the generator's version, as v0.165.0.
	Version() string
}
