package status

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Format is an output format of ect status.
type Format string

// The formats of ect status.
const (
	Table Format = "table"
	JSON  Format = "json"
	CSV   Format = "csv"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Table, JSON, CSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use table, json or csv", s)
}

// Write prints the board. colour adds ANSI colours to the table (for a
// terminal).
func (b *Board) Write(w io.Writer, f Format, colour bool) error {
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Body    string      `json:"appropriate_body"`
			On      string      `json:"on"`
			Reports []Row       `json:"reports"`
			ECTs    []Induction `json:"ects"`
		}{b.Body, b.On.Format(time.DateOnly), b.Reports, b.ECTs})
	case CSV:
		c := csv.NewWriter(w)
		_ = c.Write([]string{"trn", "name", "school", "tutor", "report", "term", "school_term", "status", "due", "signed_tutor", "signed_ect", "signed_headteacher", "file"})
		for _, r := range b.Reports {
			head := ""
			if r.needsHead {
				head = strconv.FormatBool(r.signed(record.RoleHeadteacher))
			}
			_ = c.Write([]string{r.TRN, r.Name, r.School, r.Tutor, r.Report, strconv.Itoa(r.Term), r.SchoolTerm, r.State.String(), r.Due,
				strconv.FormatBool(r.signed(record.RoleTutor)), strconv.FormatBool(r.signed(record.RoleECT)), head, r.File})
		}
		c.Flush()
		return c.Error()
	}
	return b.table(w, colour)
}

// table prints two plain, aligned tables that fit 80 columns.
func (b *Board) table(w io.Writer, colour bool) error {
	var out strings.Builder
	fmt.Fprintf(&out, "%s\nStatus on %s\n\n", b.Body, b.On.Format("Monday 2 January 2006"))
	switch {
	case len(b.Reports) == 0 && b.All:
		out.WriteString("No reports filed.\n")
	case len(b.Reports) == 0:
		out.WriteString("No reports need completing.\n")
	default:
		if b.All {
			out.WriteString("ECT reports, done ones too (signed by T tutor, E ECT, H headteacher)\n")
		} else {
			out.WriteString("ECT reports that need completing (signed by T tutor, E ECT, H headteacher)\n")
		}
		rows := [][]string{{"ECT", "Report", "Status", "Due", "T", "E", "H"}}
		unproven := false
		for _, r := range b.Reports {
			head := ""
			if r.needsHead {
				head = r.tick(record.RoleHeadteacher)
			}
			state := r.State.String()
			if r.State == schedule.NotProven {
				state, unproven = "NOT PROVEN", true
			}
			rows = append(rows, []string{r.Name, shortReport(r), state, r.Due, r.tick(record.RoleTutor), r.tick(record.RoleECT), head})
		}

		writeTable(&out, rows, []int{16, 23, 16, 10, 1, 1, 1}, func(i int) string {
			if !colour || i == 0 {
				return ""
			}
			switch b.Reports[i-1].State {
			case schedule.NotProven, schedule.Overdue, schedule.Returned:
				return "\x1b[31m"
			case schedule.Due, schedule.ECTToComment, schedule.NeedsSignatures:
				return "\x1b[33m"
			}
			return ""
		})
		if unproven {
			out.WriteString("NOT PROVEN: signed, but Git does not prove each signature (? is one that was\nnot added by that person's own commit, was edited since, or is not\ncommitted): ect validate says why.\n")
		}
	}
	out.WriteString("\nInduction summary (terms are FTE terms)\n")
	rows := [][]string{{"ECT", "TRN", "Served", "To go", "On track", "Expected end", "Status"}}
	for _, e := range b.ECTs {
		track := "-"
		if e.OnTrack != nil {
			track = map[bool]string{true: "yes", false: "NO"}[*e.OnTrack]
		}
		end := e.ExpectedEnd
		if end == "" {
			end = "-"
		}
		rows = append(rows, []string{e.Name, e.TRN, schedule.FormatTerms(e.Served), schedule.FormatTerms(e.Remaining), track, end, e.Status})
	}
	writeTable(&out, rows, []int{18, 7, 6, 5, 8, 12, 11}, func(int) string { return "" })
	_, err := io.WriteString(w, out.String())
	return err
}

// shortReport names a report in a few words: "Term 3 first assessment".
func shortReport(r Row) string {
	s := strings.Replace(strings.ToLower(r.Report), " formal assessment", " assessment", 1)
	return fmt.Sprintf("Term %d %s", r.Term, strings.Replace(s, "progress review", "review", 1))
}

// tick says whether role has signed: ✔ proven (or imported), ✘ not
// signed, ? signed but not proven from Git.
func (r Row) tick(role record.Role) string {
	switch {
	case slices.Contains(r.NotProven, string(role)):
		return "?"
	case r.signed(role):
		return "✔"
	}
	return "✘"
}

// signed says whether role has signed and it is proven (or imported).
func (r Row) signed(role record.Role) bool { return r.Signed[string(role)] }

// writeTable writes rows in columns of at most the given widths (cutting
// longer cells with "…"), two spaces apart.
func writeTable(out *strings.Builder, rows [][]string, widths []int, colourOf func(row int) string) {
	used := make([]int, len(widths))
	for _, r := range rows {
		for i, c := range r {
			used[i] = max(used[i], min(utf8.RuneCountInString(c), widths[i]))
		}
	}
	for n, r := range rows {
		var line strings.Builder
		for i, c := range r {
			if utf8.RuneCountInString(c) > used[i] {
				c = string([]rune(c)[:used[i]-1]) + "…"
			}
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", used[i]-utf8.RuneCountInString(c)+2))
			}
		}
		text := strings.TrimRight(line.String(), " ")
		if col := colourOf(n); col != "" {
			text = col + text + "\x1b[0m"
		}
		out.WriteString(text + "\n")
	}
}
