package record

import (
	"slices"
	"time"
)

// Programme is the approach a school takes to the ECT's training, the
// programme: of ect.md (SG 2.41; 2025 edition 2.40–2.41).
type Programme string

// The training programmes.
const (
	// ProviderLed: a DfE-funded programme designed and delivered by a
	// lead provider.
	ProviderLed Programme = "provider_led"
	// SchoolLed: the school designs and delivers its own programme
	// (with or without DfE's accredited materials); the appropriate body
	// checks that it covers the framework in full (fidelity checking).
	SchoolLed Programme = "school_led"
)

// Words writes the programme as DfE's services and forms do:
// "provider-led", "school-led"; anything else as written.
func (p Programme) Words() string {
	switch p {
	case ProviderLed:
		return "provider-led"
	case SchoolLed:
		return "school-led"
	}
	return string(p)
}

// Framework is the framework the ECT's training programme is based on.
type Framework string

// The frameworks.
const (
	// ECF is the Early Career Framework (2019), the basis of induction
	// from September 2021.
	ECF Framework = "ECF"
	// ITTECF is the Initial Teacher Training and Early Career Framework
	// (January 2024), the basis of induction from 1 September 2025.
	ITTECF Framework = "ITTECF"
)

// Frameworks lists the frameworks, oldest first.
var Frameworks = []Framework{ECF, ITTECF}

// Valid reports whether f is one of Frameworks.
func (f Framework) Valid() bool { return slices.Contains(Frameworks, f) }

// Name writes the framework's name in full, with its abbreviation.
func (f Framework) Name() string {
	switch f {
	case ECF:
		return "Early Career Framework (ECF)"
	case ITTECF:
		return "Initial Teacher Training and Early Career Framework (ITTECF)"
	}
	return string(f)
}

var (
	// ITTECFFrom is the first day of induction based on the ITTECF: an
	// ECT who starts induction on or after it follows the ITTECF
	// (statutory guidance, 2025 edition, effective 1 September 2025).
	ITTECFFrom = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	// ECFUntil is the first day on which no ECT follows the ECF: one who
	// started before ITTECFFrom keeps the ECF-based course and materials
	// until August 2027 and moves to the ITTECF from September 2027 if
	// not finished (DfE, "Changes to early career teacher training from
	// September 2025", ECTE support, April 2025).
	ECFUntil = time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC)
)

// FrameworkFor returns the framework the training of an ECT who started
// induction on start is based on, on day on: the ITTECF for a start on or
// after 1 September 2025; the ECF for an earlier start until 31 August
// 2027, the ITTECF after. A zero start (not known) is taken as recent.
func FrameworkFor(start, on time.Time) Framework {
	if start.IsZero() || !start.Before(ITTECFFrom) || !on.Before(ECFUntil) {
		return ITTECF
	}
	return ECF
}

// Start returns the first day of the ECT's induction: the earliest start
// of their periods (with any appropriate body); false when none is a
// date.
func (e *ECT) Start() (time.Time, bool) {
	var first time.Time
	for _, p := range e.Periods {
		if t, ok := p.Start.Time(); ok && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first, !first.IsZero()
}

// Framework returns the framework the ECT's training is based on on day
// on (FrameworkFor their start).
func (e *ECT) Framework(on time.Time) Framework {
	start, _ := e.Start()
	return FrameworkFor(start, on)
}

// ReportFramework returns the framework the ECT's training was based on
// during the report's period, as at its end (its meeting when the period
// has no end date).
func (e *ECT) ReportFramework(r *Report) Framework {
	on, ok := r.Period.To.Time()
	if !ok {
		on, _ = r.Meeting.Time()
	}
	return e.Framework(on)
}

// ProgrammeQuestion is a report's question on the ECT's training, as the
// templates, the portal and the PDF ask it of framework f.
func (f Framework) ProgrammeQuestion() string {
	return "Has the ECT accessed a programme of training based on the " + string(f) + "?"
}

// FidelityOutcome is what an appropriate body found when it checked a
// school-led programme against the framework.
type FidelityOutcome string

// The outcomes of a fidelity check.
const (
	// CoversInFull: the programme covers every "learn that" and "learn
	// how to" statement of the framework.
	CoversInFull FidelityOutcome = "covers_in_full"
	// NotInFull: it does not; the school is to fill the gaps, and the AB
	// to check again.
	NotInFull FidelityOutcome = "not_in_full"
)

// FidelityCheck is an appropriate body's check that a school's own
// (school-led) training programme covers the framework in full (AB
// guidance, "Appropriate bodies guidance: induction and the initial
// teacher training and early career framework", May 2025), the
// fidelity_checks: of school.md.
type FidelityCheck struct {
	On        Date            `yaml:"on"`
	By        string          `yaml:"by"` // AB staff
	Framework Framework       `yaml:"framework"`
	Outcome   FidelityOutcome `yaml:"outcome"`
	Evidence  string          `yaml:"evidence"`
	Note      string          `yaml:"note"`
}

// LastFidelityCheck returns the school's latest fidelity check of
// framework made on or before day on, and its index in FidelityChecks;
// false when there is none.
func (s *School) LastFidelityCheck(f Framework, on time.Time) (FidelityCheck, int, bool) {
	best, at := FidelityCheck{}, -1
	var bestDay time.Time
	for i, c := range s.FidelityChecks {
		d, ok := c.On.Time()
		if !ok || c.Framework != f || d.After(on) {
			continue
		}
		if at < 0 || !d.Before(bestDay) {
			best, at, bestDay = c, i, d
		}
	}
	return best, at, at >= 0
}
