package version_test

import (
	"bytes"
	"runtime/debug"
	"testing"

	"github.com/ectdocs/ectdocs/internal/version"
)

func TestFromBuildInfo(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bi    debug.BuildInfo
		hugo  string
		short string
		text  string
	}{
		{
			name:  "a release, installed with go install",
			bi:    debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			hugo:  "v0.165.0",
			short: "ect v1.4.0",
			text:  "ect v1.4.0\ncommit: not recorded (built outside a Git checkout, or with -buildvcs=false)\ngo: go1.26.8\nhugo: v0.165.0\n",
		},
		{
			name: "a checkout with changes",
			hugo: "v0.166.0",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
				Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0c67f0f4a1b2c3d4e5f60718293a4b5c6d7e8f90"},
					{Key: "vcs.time", Value: "2026-12-05T08:50:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			short: "ect (devel) (0c67f0f4a1b2, modified)",
			text:  "ect (devel)\ncommit: 0c67f0f4a1b2c3d4e5f60718293a4b5c6d7e8f90 (2026-12-05T08:50:00Z), with changes not committed\ngo: go1.26.8\nhugo: v0.166.0\n",
		},
		{
			name:  "no build information, no Hugo",
			short: "ect (devel)",
			text:  "ect (devel)\ncommit: not recorded (built outside a Git checkout, or with -buildvcs=false)\ngo: not known\nhugo: not linked into this build\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := version.FromBuildInfo(&tc.bi, tc.hugo)
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
