package check_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v4"
)

// bareSchemas compiles the schemas for bareLoop with jsonschema/v6 alone,
// by kind, once: ect compiles its own once too (schema.Compile), so
// neither run pays for compiling.
func bareSchemas(schemas fs.FS) (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	names, err := fs.Glob(schemas, "*.schema.json")
	if err != nil {
		return nil, err
	}
	const base = "https://ectdocs.example/schemas/"
	for _, name := range names {
		data, err := fs.ReadFile(schemas, name)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(base+name, doc); err != nil {
			return nil, err
		}
	}
	byKind := map[string]*jsonschema.Schema{}
	for _, name := range names {
		sch, err := c.Compile(base + name)
		if err != nil {
			return nil, err
		}
		byKind[strings.TrimSuffix(name, ".schema.json")] = sch
	}
	return byKind, nil
}

// bareLoop is the peer ect validate is measured against: a plain Go loop
// over the same folder with the same schemas and nothing else (no
// positions, no decoding into records, no rules, no history): walk, read,
// split the front matter, parse it with go.yaml.in/yaml/v4 and validate it
// with santhosh-tekuri/jsonschema/v6 (byKind, from bareSchemas), on
// GOMAXPROCS workers. It returns how many records it validated; any
// invalid one is an error.
func bareLoop(dir string, byKind map[string]*jsonschema.Schema) (int, error) {
	paths := make(chan string, 256)
	var n atomic.Int64
	var mu sync.Mutex
	var first error
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				src, err := os.ReadFile(p)
				if err != nil {
					fail(err)
					continue
				}
				rest, ok := bytes.CutPrefix(src, []byte("---\n"))
				front, _, ok2 := bytes.Cut(rest, []byte("\n---\n"))
				if !ok || !ok2 {
					fail(fmt.Errorf("%s: no front matter", p))
					continue
				}
				var v map[string]any
				if err := yaml.Unmarshal(front, &v); err != nil {
					fail(fmt.Errorf("%s: %w", p, err))
					continue
				}
				kind, _ := v["kind"].(string)
				sch := byKind[kind]
				if sch == nil {
					fail(fmt.Errorf("%s: kind %q", p, kind))
					continue
				}
				if err := sch.Validate(jsonValue(v)); err != nil {
					fail(fmt.Errorf("%s: %w", p, err))
					continue
				}
				n.Add(1)
			}
		}()
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".md") {
			paths <- p
		}
		return nil
	})
	close(paths)
	wg.Wait()
	return int(n.Load()), errors.Join(err, first)
}

// jsonValue turns YAML's values into JSON's for the schema library:
// integers as float64 is not needed (it takes Go's numbers), but maps with
// any keys are.
func jsonValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonValue(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonValue(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = jsonValue(e)
		}
		return x
	}
	return v
}
