package record

import (
	"path"
	"strings"
)

// ChangeScope is the Scope of what a change to the records at paths
// (files or folders, relative to the records folder) can make right or
// wrong, for a check of that change alone (ect validate --since): the
// folders of the ECTs changed, with what every check of them reads, which
// is body.md and each school's school.md (staff, calendars, who may sign)
// and, when an ect.md or a school.md changed, every ECT's ect.md too (a
// TRN or a GitHub login is unique in the whole book), and a changed
// school's folder whole. It is nil, everything, when a change reaches
// beyond that: body.md, or anything not in a school's folder.
//
// profileOnly says of an ECT's folder that the scope reads only its
// ect.md (Options.ProfileOnly).
func ChangeScope(paths []string) (scope Scope, profileOnly func(ectDir string) bool) {
	ects := map[string]bool{}    // schools/S/ects/E
	schools := map[string]bool{} // schools/S, whole
	profiles := false            // every ect.md
	for _, p := range paths {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		switch {
		case len(parts) < 3 || parts[0] != "schools":
			return nil, nil // body.md, the schools folder itself, or anything else
		case parts[2] != "ects" || len(parts) < 4:
			schools[strings.Join(parts[:2], "/")] = true // school.md, or the school's own files
			profiles = true
		default:
			ects[strings.Join(parts[:4], "/")] = true
			// its ect.md, or the folder whole (new, or removed)
			if len(parts) == 4 || len(parts) == 5 && parts[4] == "ect.md" {
				profiles = true
			}
		}
	}
	profileOnly = func(dir string) bool {
		return profiles && !ects[dir] && !schools[path.Dir(path.Dir(dir))]
	}
	return func(rel string, dir bool) bool {
		parts := strings.Split(rel, "/")
		switch {
		case rel == "body.md" || rel == "schools":
			return true
		case parts[0] != "schools":
			return false
		case len(parts) == 2:
			return dir || schools[rel] // a school's folder, not a file beside them
		case schools[strings.Join(parts[:2], "/")]:
			return true
		case len(parts) == 3:
			return rel == parts[0]+"/"+parts[1]+"/school.md" || dir && parts[2] == "ects"
		case parts[2] != "ects":
			return false
		case ects[strings.Join(parts[:4], "/")]:
			return true
		case len(parts) == 4:
			return dir && profiles // the ECT's folder, for its ect.md
		}
		return profiles && len(parts) == 5 && parts[4] == "ect.md"
	}, profileOnly
}
