package cms

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// config.yml is written compactly. A body's configuration holds the same
// fields many times over: every school's collections have the same
// fields, and each report to start (one start collection for every ECT
// with a report due) repeats its kind's fields with the values ect new
// review would write as their defaults. Written out in full, 5,000 ECTs
// made a config.yml of 106 MB, more than Decap can load. So a field, a
// list of fields or a list of choices is written once, with an anchor
// (&pr.ect: a field's anchor is its kind's initials and its name), and
// every later copy of it is an alias (*pr.ect); a field that differs
// from the first of its name in a few keys (the default of a start
// collection's field) is a merge key and those keys ({<<: *pr.ect,
// default: "9900101"}); and a collection takes the settings of the first
// of its kind the same way (<<: *progress-review, <<: *start.990101).
// Decap reads config.yml with merge keys on and no limit to aliases
// (decap-cms-core's parseConfig), so what it loads is exactly the
// configuration written out in full: TestCompactIsFull and
// TestCompactInDecap read both and compare them, and TestConfigScale
// pins what a start collection and a school add (4.8 MB at 5,000 ECTs;
// docs/editor.md).

// compactNode is the configuration as a YAML node tree, its repeats
// written as aliases and merge keys.
func (c *Config) compactNode() (*yaml.Node, error) {
	root, err := nodes{}.of(reflect.ValueOf(c))
	if err != nil {
		return nil, err
	}
	cols := mapValue(root, "collections")
	if cols == nil || len(cols.Content) != len(c.Collections) {
		return nil, fmt.Errorf("config.yml: the collections are not where they were put")
	}
	s := newSharer()
	for i, col := range c.Collections {
		s.collection(&cols.Content[i], col)
	}
	return root, nil
}

// sharer rewrites a node tree, in the order it is written, so that what
// was written before is referred to rather than repeated.
type sharer struct {
	// sum is each node's content: its kind, tag, value and children, as a
	// hash. An alias or a merge key that stands for a node has its sum.
	sum map[*yaml.Node]digest
	// seen is the first node written with each content.
	seen map[digest]*yaml.Node
	// first is the first node written for each identity: a field's
	// "<kind>.<name>" ("progress-review.period.from"), a collection's
	// kind, "start" and "start.<URN>" for the start collections.
	first map[string]*yaml.Node
	// ident is the identity of each node written, for its anchor's name.
	ident map[*yaml.Node]string
	// anchors are the anchors' names given so far.
	anchors map[string]bool
	buf     []byte // hash's
}

// digest is a node's content, as a SHA-256.
type digest [sha256.Size]byte

func newSharer() *sharer {
	return &sharer{sum: map[*yaml.Node]digest{}, seen: map[digest]*yaml.Node{}, first: map[string]*yaml.Node{},
		ident: map[*yaml.Node]string{}, anchors: map[string]bool{}}
}

// collection shares a collection's fields, and takes its settings from
// the first collection of its kind (or, a start collection, the first in
// its school, else the first of all) by a merge key.
func (s *sharer) collection(slot **yaml.Node, col *Collection) {
	kind, short := string(col.Kind), initials(string(col.Kind))
	ids := []string{kind}
	if urn, _, ok := strings.Cut(col.Name, "-start-"); ok && col.Create {
		ids = []string{"start." + urn, "start"}
	}
	n := *slot
	s.hash(n)
	for _, id := range ids {
		if b := s.first[id]; b != nil {
			if m := s.merge(n, b, short, false); m != nil {
				s.remember(m, n, ids)
				*slot = m
				return
			}
		}
	}
	s.remember(n, n, ids)
	for i := 0; i+1 < len(n.Content); i += 2 {
		s.child(n.Content[i].Value, &n.Content[i+1], short)
	}
}

// remember records w, written for the node n, as the first of each of
// its identities that has none yet; the first identity names its anchor.
func (s *sharer) remember(w, n *yaml.Node, ids []string) {
	s.sum[w] = s.sum[n]
	s.ident[w] = ids[0]
	for _, id := range ids {
		if s.first[id] == nil {
			s.first[id] = w
		}
	}
}

// fields shares a list of fields (id is the kind, or the field the list
// is part of): the same list written before is an alias; otherwise each
// field in it is shared.
func (s *sharer) fields(slot **yaml.Node, id string) {
	n := *slot
	if s.repeat(slot, id+".fields") {
		return
	}
	for i, f := range n.Content {
		name := ""
		if v := mapValue(f, "name"); v != nil {
			name = v.Value
		}
		s.field(&n.Content[i], id+"."+name)
	}
}

// field shares one field: the same field written before is an alias; one
// that differs from the first of its identity only in some keys is a
// merge key and those keys; otherwise it is written, its own fields and
// choices shared.
func (s *sharer) field(slot **yaml.Node, id string) {
	n := *slot
	if n.Kind != yaml.MappingNode || s.repeat(slot, id) {
		return
	}
	if b := s.first[id]; b != nil {
		if m := s.merge(n, b, id, true); m != nil {
			s.remember(m, n, []string{id})
			s.seen[s.sum[n]] = m
			*slot = m
			return
		}
	} else {
		s.first[id] = n
	}
	s.ident[n] = id
	s.children(n, id)
}

// children shares the parts of a field that are fields or choices.
func (s *sharer) children(n *yaml.Node, id string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		s.child(n.Content[i].Value, &n.Content[i+1], id)
	}
}

func (s *sharer) child(key string, slot **yaml.Node, id string) {
	switch key {
	case "fields":
		s.fields(slot, id)
	case "field":
		name := ""
		if v := mapValue(*slot, "name"); v != nil {
			name = v.Value
		}
		s.field(slot, id+"."+name)
	case "options":
		s.repeat(slot, id+".options")
	case "files":
		// A file collection's files, each with its fields.
		for _, f := range (*slot).Content {
			if fields := mapSlot(f, "fields"); fields != nil {
				s.fields(fields, id)
			}
		}
	}
}

// repeat makes the node in slot an alias when the same was written
// before, and otherwise records it as written (for id); it reports
// whether it made an alias.
func (s *sharer) repeat(slot **yaml.Node, id string) bool {
	n := *slot
	sum := s.hash(n)
	if w := s.seen[sum]; w != nil {
		*slot = s.alias(w)
		return true
	}
	s.seen[sum] = n
	s.ident[n] = id
	return false
}

// merge is n written as a merge key of b (written before) and the keys
// in which n differs from b, or nil when n lacks a key of b (a merge
// key cannot take one away). A field's merge is in flow style when it
// fits: {<<: *progress-review.term, default: 5}.
func (s *sharer) merge(n, b *yaml.Node, id string, flow bool) *yaml.Node {
	if n.Kind != yaml.MappingNode || b.Kind != yaml.MappingNode {
		return nil
	}
	have := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		have[n.Content[i].Value] = n.Content[i+1]
	}
	base := expand(b)
	for k := range base {
		if have[k] == nil {
			return nil
		}
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map",
		Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!merge", Value: "<<"}, s.alias(b)}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if bv := base[k.Value]; bv != nil && s.sum[bv] == s.hash(v) {
			continue
		}
		s.child(k.Value, &v, id)
		m.Content = append(m.Content, k, v)
		flow = inline(v) && flow
	}
	if flow {
		m.Style = yaml.FlowStyle
	}
	return m
}

// expand is a mapping's keys and values, those of its merge keys
// included (what a YAML reader that merges makes of it).
func expand(n *yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Tag == "!!merge" && v.Kind == yaml.AliasNode {
			for mk, mv := range expand(v.Alias) {
				if _, ok := out[mk]; !ok {
					out[mk] = mv
				}
			}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Tag != "!!merge" {
			out[k.Value] = n.Content[i+1]
		}
	}
	return out
}

// inline reports whether a node can be written in a flow collection
// without making it hard to read (no text of several lines), making a
// list of such nodes a flow list.
func inline(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.AliasNode:
		return true
	case yaml.ScalarNode:
		return !strings.Contains(n.Value, "\n")
	case yaml.MappingNode:
		return n.Style&yaml.FlowStyle != 0
	case yaml.SequenceNode:
		if !slices.ContainsFunc(n.Content, func(c *yaml.Node) bool { return !inline(c) }) {
			n.Style |= yaml.FlowStyle
			return true
		}
	}
	return false
}

// alias is an alias of w (written before), anchoring w if it is not yet.
func (s *sharer) alias(w *yaml.Node) *yaml.Node {
	if w.Anchor == "" {
		name := anchorName(s.ident[w])
		for i := 2; s.anchors[name]; i++ {
			name = anchorName(s.ident[w]) + "." + strconv.Itoa(i)
		}
		s.anchors[name] = true
		w.Anchor = name
	}
	a := &yaml.Node{Kind: yaml.AliasNode, Value: w.Anchor, Alias: w}
	s.sum[a] = s.sum[w]
	return a
}

var notAnchor = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// initials shorten a kind in the names of its fields' anchors
// (progress-review.term is pr.term): a start collection names twenty of
// them.
func initials(kind string) string {
	var b strings.Builder
	for w := range strings.SplitSeq(kind, "-") {
		if w != "" {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// anchorName is an identity as an anchor's name: letters, digits, _ . -.
func anchorName(id string) string {
	if name := strings.Trim(notAnchor.ReplaceAllString(id, "-"), "-."); name != "" {
		return name
	}
	return "x"
}

// hash is the node's content, as a SHA-256 of its kind, tag, value and
// children's contents (remembered: a node is hashed before anything in
// it is made an alias, and an alias has the sum of what it stands for).
func (s *sharer) hash(n *yaml.Node) digest {
	if sum, ok := s.sum[n]; ok {
		return sum
	}
	for _, c := range n.Content {
		s.hash(c)
	}
	b := s.buf[:0]
	b = binary.LittleEndian.AppendUint64(b, uint64(n.Kind))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(n.Tag)))
	b = append(b, n.Tag...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(n.Value)))
	b = append(b, n.Value...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(n.Content)))
	for _, c := range n.Content {
		sum := s.sum[c]
		b = append(b, sum[:]...)
	}
	s.buf = b
	sum := digest(sha256.Sum256(b))
	s.sum[n] = sum
	return sum
}

// mapSlot is where the value of key is in a mapping node, or nil.
func mapSlot(n *yaml.Node, key string) **yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return &n.Content[i+1]
		}
	}
	return nil
}

// mapValue is the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if p := mapSlot(n, key); p != nil {
		return *p
	}
	return nil
}

// nodes makes node trees of Go values, one for each pointer to a struct
// and one for each scalar: the collections share their kind's fields
// (generator.fields), and so each field is made into nodes and hashed
// once. (A node may so be in the tree more than once: the sharer writes
// it once and aliases it after, and makes an alias of no scalar.)
type nodes map[any]*yaml.Node

// scalar is the node of a scalar.
func (made nodes) scalar(tag, value string) *yaml.Node {
	key := [2]string{tag, value}
	n := made[key]
	if n == nil {
		n = &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
		made[key] = n
	}
	return n
}

// of is v as the YAML node tree yaml.Marshal would write: a struct's
// fields by their yaml: names (omitempty and "-" as yaml does), a map by
// its sorted keys. It is here, not yaml's own Node.Encode, because that
// writes the text and reads it back, which at a body's scale is most of
// the work.
func (made nodes) of(v reflect.Value) (*yaml.Node, error) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
		}
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			if n := made[v.Interface()]; n != nil {
				return n, nil
			}
			n, err := made.of(v.Elem())
			if err != nil {
				return nil, err
			}
			made[v.Interface()] = n
			return n, nil
		}
		v = v.Elem()
	}
	scalar := func(tag, value string) (*yaml.Node, error) { return made.scalar(tag, value), nil }
	switch v.Kind() {
	case reflect.String:
		return scalar("!!str", v.String())
	case reflect.Bool:
		return scalar("!!bool", strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return scalar("!!int", strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return scalar("!!int", strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		f, bits := v.Float(), 64
		if v.Kind() == reflect.Float32 {
			bits = 32
		}
		switch {
		case math.IsInf(f, 1):
			return scalar("!!float", ".inf")
		case math.IsInf(f, -1):
			return scalar("!!float", "-.inf")
		case math.IsNaN(f):
			return scalar("!!float", ".nan")
		}
		return scalar("!!float", strconv.FormatFloat(f, 'g', -1, bits))
	case reflect.Slice, reflect.Array:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: make([]*yaml.Node, 0, v.Len())}
		for i := range v.Len() {
			c, err := made.of(v.Index(i))
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			break
		}
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			c, err := made.of(v.MapIndex(k))
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, made.scalar("!!str", k.String()), c)
		}
		return n, nil
	case reflect.Struct:
		t := v.Type()
		if t.PkgPath() != reflect.TypeFor[Config]().PkgPath() {
			break // a time, say: yaml's own way, below
		}
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: make([]*yaml.Node, 0, 2*t.NumField())}
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(sf.Name)
			}
			fv := v.Field(i)
			switch opts {
			case "":
			case "omitempty":
				if empty(fv) {
					continue
				}
			default:
				return nil, fmt.Errorf("config.yml: %s.%s: yaml option %q is not written by nodes.of", t.Name(), sf.Name, opts)
			}
			c, err := made.of(fv)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, made.scalar("!!str", name), c)
		}
		return n, nil
	}
	// Anything else (a time, a map with other keys) as yaml writes it.
	n := &yaml.Node{}
	if err := n.Encode(v.Interface()); err != nil {
		return nil, fmt.Errorf("config.yml: %v: %w", v.Type(), err)
	}
	return n, nil
}

// empty reports whether omitempty leaves the value out.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map, reflect.Array, reflect.String:
		return v.Len() == 0
	}
	return v.IsZero()
}
