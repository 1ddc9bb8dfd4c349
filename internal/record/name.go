package record

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Slug writes a name in lower-case letters a-z, digits and hyphens, for a
// folder, an id or an example domain: "St Mary's C of E Primary" is
// st-mary-s-c-of-e-primary, and accents are dropped (Ysgol Gymraeg
// Aberhonddu, Ecole → ecole).
func Slug(name string) string {
	plain, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), name)
	if err != nil {
		plain = name
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(plain) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// SchoolDir is the folder of the school with the URN and name, relative to
// the records folder: schools/990101-oakfield-primary (Place reads it back).
func SchoolDir(urn int, name string) string {
	return fmt.Sprintf("schools/%d-%s", urn, Slug(name))
}
