package version_test

import (
	"bytes"
	"regexp"
	"runtime/debug"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/version"
)

func TestPinned(t *testing.T) {
	for _, tc := range []struct{ name, modfile, want string }{
		{"in a require block", "module m\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/gohugoio/hugo v0.165.0 // indirect\n)\n", "v0.165.0"},
		{"on a require line", "module m\nrequire github.com/gohugoio/hugo v0.150.1\n", "v0.150.1"},
		{"another module with hugo in its path", "require github.com/gohugoio/hugo-goldmark-extensions v0.3.0\n", ""},
		{"none", "module m\n", ""},
	} {
		if got := version.Pinned(tc.modfile); got != tc.want {
			t.Errorf("%s: Pinned = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := version.Pinned(ectdocs.HugoModfile()); !regexp.MustCompile(`^v0\.\d+\.\d+$`).MatchString(got) {
		t.Errorf("site/hugo.mod pins Hugo %q, want a v0.x.y version", got)
	}
}

func TestFromBuildInfo(t *testing.T) {
	const mod = "require github.com/gohugoio/hugo v0.165.0\n"
	for _, tc := range []struct {
		name  string
		bi    debug.BuildInfo
		short string
		text  string
	}{
		{
			name:  "a release, installed with go install",
			bi:    debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			short: "ect v1.4.0",
			text:  "ect v1.4.0\ncommit: not recorded (built outside a Git checkout, or with -buildvcs=false)\ngo: go1.26.8\nhugo: v0.165.0\n",
		},
		{
			name: "a checkout with changes, Hugo linked in",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
				Deps: []*debug.Module{{Path: "github.com/gohugoio/hugo", Version: "v0.166.0"}},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0c67f0f4a1b2c3d4e5f60718293a4b5c6d7e8f90"},
					{Key: "vcs.time", Value: "2026-12-05T08:50:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			short: "ect (devel) (0c67f0f4a1b2, modified)",
			text:  "ect (devel)\ncommit: 0c67f0f4a1b2c3d4e5f60718293a4b5c6d7e8f90 (2026-12-05T08:50:00Z), with changes not committed\ngo: go1.26.8\nhugo: v0.166.0\n",
		},
		{
			name:  "no build information",
			short: "ect (devel)",
			text:  "ect (devel)\ncommit: not recorded (built outside a Git checkout, or with -buildvcs=false)\ngo: not known\nhugo: v0.165.0\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := version.FromBuildInfo(&tc.bi, mod)
			if got := in.Short(); got != tc.short {
				t.Errorf("Short() = %q, want %q", got, tc.short)
			}
			var b bytes.Buffer
			if err := in.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.text {
				t.Errorf("WriteText:\n%s\nwant:\n%s", b.String(), tc.text)
			}
		})
	}
}
