package record

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// decode fills the struct that dst points to from front-matter data as
// frontmatter.Document.Value holds it (map[string]any, []any, string,
// json.Number, bool), matching fields by their yaml tags. It is a few
// times faster than decoding the YAML nodes again. A value of the wrong
// type is skipped and reported in the error; the schema has normally
// rejected it already.
func decode(dst any, src map[string]any) error {
	var errs []string
	decodeInto(reflect.ValueOf(dst).Elem(), src, "", &errs)
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

type field struct {
	name  string
	index int
}

var fieldCache sync.Map // reflect.Type → []field

func fieldsOf(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !sf.IsExported() {
			continue
		}
		fs = append(fs, field{name, i})
	}
	fieldCache.Store(t, fs)
	return fs
}

func decodeInto(v reflect.Value, src any, path string, errs *[]string) {
	if src == nil {
		return
	}
	bad := func() { *errs = append(*errs, fmt.Sprintf("%s: unexpected %T", path, src)) }
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		decodeInto(v.Elem(), src, path, errs)
	case reflect.Struct:
		m, ok := src.(map[string]any)
		if !ok {
			bad()
			return
		}
		for _, f := range fieldsOf(v.Type()) {
			if x, ok := m[f.name]; ok {
				decodeInto(v.Field(f.index), x, path+"."+f.name, errs)
			}
		}
	case reflect.Slice:
		s, ok := src.([]any)
		if !ok {
			bad()
			return
		}
		out := reflect.MakeSlice(v.Type(), len(s), len(s))
		for i, x := range s {
			decodeInto(out.Index(i), x, fmt.Sprintf("%s[%d]", path, i), errs)
		}
		v.Set(out)
	case reflect.String:
		s, ok := src.(string)
		if !ok {
			bad()
			return
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := src.(bool)
		if !ok {
			bad()
			return
		}
		v.SetBool(b)
	case reflect.Int:
		n, ok := src.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			bad()
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		n, ok := src.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			bad()
			return
		}
		v.SetFloat(f)
	case reflect.Interface:
		v.Set(reflect.ValueOf(src))
	default:
		bad()
	}
}
