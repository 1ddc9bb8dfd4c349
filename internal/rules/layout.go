package rules

import (
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
)

// Rule names for where records are filed.
const (
	RulePathKind  = record.RulePathKind // a record filed where another kind belongs
	RulePathOwner = "path-owner"        // the record names a different ECT or school than its folder
	RulePathDate  = "path-date"         // a dated file name disagrees with the record's date
	RuleDuplicate = "duplicate"         // two schools with one URN, two ECTs with one TRN, two people with one id or GitHub login
)

// checkLayout: a record's path agrees with its kind and its owner.
func checkLayout(b *record.Book, r *reporter) {
	urns := map[int]*record.School{}
	for _, s := range b.Schools {
		if prev, dup := urns[s.URN]; dup && s.URN != 0 {
			r.errorf(s.File, p("urn"), RuleDuplicate, "URN %d is also used by %s: each school has one folder", s.URN, prev.Path())
		}
		urns[s.URN] = s
	}
	checkDuplicateTRNs(b, r)
	for _, rec := range b.Records() {
		f := rec.RecordFile()
		pl := f.Place // the loader has checked that the kind belongs here
		switch x := rec.(type) {
		case *record.School:
			if x.URN != 0 && x.URN != pl.SchoolURN {
				r.errorf(f, p("urn"), RulePathOwner, "urn %d does not match the folder %s: the folder name starts with the school's URN", x.URN, pl.SchoolDir)
			}
		case *record.ECT:
			if x.TRN != "" && x.TRN != pl.TRN {
				r.errorf(f, p("trn"), RulePathOwner, "trn %q does not match the folder name %s: the ECT's folder is named by their TRN", x.TRN, pl.TRN)
			}
		case *record.Report:
			ownerTRN(r, f, x.ECT)
			if x.Kind == record.KindFormalAssessment && x.Assessment != "" && x.Assessment != pl.Assessment {
				r.errorf(f, p("assessment"), RulePathKind, "assessment: %s, but the file name says %s: rename the file to …-%s-assessment.md or fix assessment:", x.Assessment, pl.Assessment, x.Assessment)
			}
		case *record.Observation:
			ownerTRN(r, f, x.ECT)
			if x.Date != "" && x.Date != pl.Date {
				r.errorf(f, p("date"), RulePathDate, "date %s does not match the file name, which starts %s: name the file by the observation's date", x.Date, pl.Date)
			}
		case *record.MentoringLog:
			ownerTRN(r, f, x.ECT)
		case *record.SupportPlan:
			ownerTRN(r, f, x.ECT)
			if x.Created != "" && x.Created != pl.Date {
				r.errorf(f, p("created"), RulePathDate, "created %s does not match the file name, which starts %s: name the file by the date the plan was created", x.Created, pl.Date)
			}
		}
	}
}

// checkDuplicateTRNs: an ECT has one record, so one TRN has one ect.md in
// the whole book. Each copy is reported, naming the others, so that the
// problem shows whichever school's folder is validated. An ect.md whose
// trn: is not its folder's name is left to path-owner.
func checkDuplicateTRNs(b *record.Book, r *reporter) {
	byTRN := map[string][]*record.ECT{}
	var trns []string
	for _, e := range b.ECTs { // in folder order
		if e.TRN == "" || e.TRN != e.Place.TRN {
			continue
		}
		if byTRN[e.TRN] == nil {
			trns = append(trns, e.TRN)
		}
		byTRN[e.TRN] = append(byTRN[e.TRN], e)
	}
	for _, trn := range trns {
		ects := byTRN[trn]
		if len(ects) < 2 {
			continue
		}
		for _, e := range ects {
			var others []string
			for _, o := range ects {
				if o != e {
					others = append(others, o.Path()+" ("+o.School.Name+")")
				}
			}
			remove := "the other's folder"
			if len(others) > 1 {
				remove = "the others' folders"
			}
			r.errorf(e.File, p("trn"), RuleDuplicate, "TRN %s also has a record at %s: an ECT has one record, in the folder of the school they are at now, "+
				"with their time at an earlier school as an ended period in it (end, terms, end_reason: moved_school, school: that school's URN): "+
				"keep one of these ect.md files and remove %s",
				trn, strings.Join(others, " and at "), remove)
		}
	}
}

func ownerTRN(r *reporter, f *record.File, trn string) {
	if trn != "" && trn != f.Place.TRN {
		r.errorf(f, p("ect"), RulePathOwner, "ect %q does not match the folder it is filed in (%s): file it under ects/%s/ or fix ect:", trn, f.Place.TRN, trn)
	}
}
