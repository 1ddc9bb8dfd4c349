// Package ectdocs holds the files that ship inside the ect binary: the JSON
// Schemas for every record kind and the fictional demo appropriate body.
package ectdocs

import (
	"embed"
	"io/fs"
)

//go:embed schemas/*.schema.json
var schemas embed.FS

//go:embed all:records
var demo embed.FS

// Schemas returns the embedded schemas/ folder, one *.schema.json per record
// kind plus defs.schema.json.
func Schemas() fs.FS {
	sub, err := fs.Sub(schemas, "schemas")
	if err != nil {
		panic(err) // unreachable: the folder is embedded at build time
	}
	return sub
}

// Demo returns the embedded demo records: a file system whose root holds
// records/ exactly as it is in the repository.
func Demo() fs.FS { return demo }
