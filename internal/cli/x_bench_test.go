package cli

import (
	"os"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/schema"
)

func BenchmarkX(b *testing.B) {
	schemas, _ := schema.Compile(ectdocs.Schemas())
	t := target{fsys: os.DirFS("/tmp/syn5000"), display: "records"}
	for b.Loop() {
		validate(t, schemas)
	}
}
