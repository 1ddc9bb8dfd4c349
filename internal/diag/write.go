package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format is an output format for diagnostics.
type Format string

// The output formats of ect validate.
const (
	Text   Format = "text"
	GitHub Format = "github"
	JSON   Format = "json"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, GitHub, JSON:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use text, github or json", s)
}

// Summary counts what was checked.
type Summary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	// Notes are further lines about what was checked, e.g. how many
	// signatures the Git history proved.
	Notes []string `json:"notes,omitempty"`
}

// String reads like "52 files checked: 1 error, 2 warnings", followed by
// the notes, one a line.
func (s Summary) String() string {
	line := fmt.Sprintf("%s checked: %s, %s",
		Plural(s.Files, "file"), Plural(s.Errors, "error"), Plural(s.Warnings, "warning"))
	for _, n := range s.Notes {
		line += "\n" + n
	}
	return line
}

// Plural reads like "1 error" or "2 errors".
func Plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Write prints the diagnostics and the summary in the given format.
// Diagnostics should already be sorted.
func Write(w io.Writer, f Format, ds []Diagnostic, sum Summary) error {
	switch f {
	case JSON:
		out := struct {
			Summary
			Diagnostics []Diagnostic `json:"diagnostics"`
		}{sum, ds}
		if out.Diagnostics == nil {
			out.Diagnostics = []Diagnostic{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case GitHub:
		var b strings.Builder
		for _, d := range ds {
			level := "error"
			if d.Severity == Warning {
				level = "warning"
			}
			fmt.Fprintf(&b, "::%s file=%s", level, escapeProperty(d.File))
			if d.Line > 0 {
				fmt.Fprintf(&b, ",line=%d", d.Line)
				if d.Column > 0 {
					fmt.Fprintf(&b, ",col=%d", d.Column)
				}
			}
			fmt.Fprintf(&b, ",title=%s::%s\n", escapeProperty("ect validate: "+d.Rule), escapeData(d.Message))
		}
		fmt.Fprintln(&b, sum)
		_, err := io.WriteString(w, b.String())
		return err
	default:
		var b strings.Builder
		for _, d := range ds {
			b.WriteString(d.String())
			b.WriteByte('\n')
		}
		fmt.Fprintln(&b, sum)
		_, err := io.WriteString(w, b.String())
		return err
	}
}

// escapeData escapes a workflow command's message as the GitHub Actions
// runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
