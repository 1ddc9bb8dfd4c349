package record

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Place is what a record's path says about it: which kind of record belongs
// there and whose it is. Paths are slash-separated and relative to the
// records folder.
type Place struct {
	// Kind is the kind of record this location holds; empty when the path
	// is not a record location (then Problem says why).
	Kind Kind
	// SchoolDir and SchoolURN identify the school folder, e.g.
	// schools/100001-oakfield-primary and 100001.
	SchoolDir string
	SchoolURN int
	// ECTDir and TRN identify the ECT folder, e.g.
	// schools/100001-oakfield-primary/ects/1234567 and 1234567.
	ECTDir string
	TRN    string
	// Year, Term and Assessment come from a report's file name:
	// 2025-26, autumn and first in 2025-26-autumn-first-assessment.md.
	Year, Term, Assessment string
	// Date comes from an observation's or support plan's file name.
	Date Date
	// Evidence marks a file in an ECT's documents/ folder: not a record.
	Evidence bool
	// Problem explains why the path is not a place for a record.
	Problem string
}

var (
	schoolDirRE = regexp.MustCompile(`^([0-9]{6})(-[a-z0-9]+(-[a-z0-9]+)*)?$`)
	trnRE       = regexp.MustCompile(`^[0-9]{7}$`)
	reportRE    = regexp.MustCompile(`^([0-9]{4}-[0-9]{2})-(autumn|spring|summer)-(progress-review|(first|final|interim)-assessment)\.md$`)
	datedRE     = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2})(-[a-z0-9]+(-[a-z0-9]+)*)?\.md$`)
)

// Layout describes where each kind of record goes, for messages.
var Layout = map[Kind]string{
	KindBody:             "body.md",
	KindSchool:           "schools/<URN>-<name>/school.md",
	KindECT:              "schools/<URN>-<name>/ects/<TRN>/ect.md",
	KindProgressReview:   "schools/<URN>-<name>/ects/<TRN>/reports/<YYYY-YY>-<autumn|spring|summer>-progress-review.md",
	KindFormalAssessment: "schools/<URN>-<name>/ects/<TRN>/reports/<YYYY-YY>-<autumn|spring|summer>-<first|final|interim>-assessment.md",
	KindObservation:      "schools/<URN>-<name>/ects/<TRN>/observations/<YYYY-MM-DD>.md",
	KindSupportPlan:      "schools/<URN>-<name>/ects/<TRN>/support-plans/<YYYY-MM-DD>.md",
	KindMentoringLog:     "schools/<URN>-<name>/ects/<TRN>/mentoring.md",
}

// PlaceOf reads a record path relative to the records folder.
func PlaceOf(rel string) Place {
	parts := strings.Split(rel, "/")
	var p Place
	bad := func(format string, args ...any) Place {
		p.Kind = ""
		p.Problem = fmt.Sprintf(format, args...)
		return p
	}
	if len(parts) == 1 {
		if rel == "body.md" {
			p.Kind = KindBody
			return p
		}
		return bad("only body.md belongs at the top of the records folder; schools go in schools/<URN>-<name>/")
	}
	if parts[0] != "schools" {
		return bad("records belong in body.md or under schools/")
	}
	if len(parts) == 2 {
		return bad("a school needs its own folder: schools/<URN>-<name>/school.md")
	}
	p.SchoolDir = "schools/" + parts[1]
	m := schoolDirRE.FindStringSubmatch(parts[1])
	if m == nil {
		return bad("school folder %q must be named <URN>-<name>, e.g. 100001-oakfield-primary (lower case, digits and hyphens)", parts[1])
	}
	p.SchoolURN, _ = strconv.Atoi(m[1])
	if len(parts) == 3 {
		if parts[2] == "school.md" {
			p.Kind = KindSchool
			return p
		}
		return bad("a school folder holds school.md and ects/; ECT records go in ects/<TRN>/")
	}
	if parts[2] != "ects" || len(parts) == 4 {
		return bad("ECT records go in %s/ects/<TRN>/", p.SchoolDir)
	}
	p.ECTDir = strings.Join(parts[:4], "/")
	if !trnRE.MatchString(parts[3]) {
		return bad("ECT folder %q must be the ECT's 7-digit TRN", parts[3])
	}
	p.TRN = parts[3]
	if len(parts) == 5 {
		switch parts[4] {
		case "ect.md":
			p.Kind = KindECT
			return p
		case "mentoring.md":
			p.Kind = KindMentoringLog
			return p
		}
		return bad("an ECT folder holds ect.md, mentoring.md, reports/, observations/, support-plans/ and documents/")
	}
	sub, name := parts[4], parts[len(parts)-1]
	if sub == "documents" {
		p.Evidence = true
		return p
	}
	if len(parts) > 6 {
		return bad("%s/ has no sub-folders", sub)
	}
	switch sub {
	case "reports":
		m := reportRE.FindStringSubmatch(name)
		if m == nil {
			return bad("a report's file name is <YYYY-YY>-<autumn|spring|summer>-progress-review.md or <YYYY-YY>-<term>-<first|final|interim>-assessment.md")
		}
		p.Year, p.Term, p.Assessment = m[1], m[2], m[4]
		p.Kind = KindProgressReview
		if p.Assessment != "" {
			p.Kind = KindFormalAssessment
		}
		return p
	case "observations", "support-plans":
		m := datedRE.FindStringSubmatch(name)
		if m == nil {
			return bad("a file in %s/ is named by its date: <YYYY-MM-DD>.md or <YYYY-MM-DD>-<words>.md", sub)
		}
		p.Date = Date(m[1])
		p.Kind = KindObservation
		if sub == "support-plans" {
			p.Kind = KindSupportPlan
		}
		return p
	}
	return bad("an ECT folder holds ect.md, mentoring.md, reports/, observations/, support-plans/ and documents/, not %s/", sub)
}
