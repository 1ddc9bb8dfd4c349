package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/spell"
)

// RuleExtraQuestions reports the appropriate body's extra questions left
// unanswered or answered in the wrong form.
const RuleExtraQuestions = "extra-questions"

func checkExtraQuestions(c *shared, r *reporter, e *record.ECT) {
	b := c.b
	if b.Body == nil {
		return
	}
	for _, rep := range e.Reports {
		answerQuestions(r, b.Body, rep.File)
	}
	for _, o := range e.Observations {
		answerQuestions(r, b.Body, o.File)
	}
	for _, sp := range e.SupportPlans {
		answerQuestions(r, b.Body, sp.File)
	}
}

func answerQuestions(r *reporter, body *record.Body, f *record.File) {
	answers := f.Answers()
	asked := map[string]bool{}
	var ids []string
	for _, q := range body.ExtraQuestions {
		if slices.Contains(q.AppliesTo, f.Kind) && q.Answer != "section" {
			ids = append(ids, q.ID)
		}
	}
	sort.Strings(ids)
	// An unknown answer id that is a misspelling of an unanswered question
	// is one mistake: report the spelling, not the missing answer too.
	misspelt := map[string]bool{}
	for id := range answers {
		if slices.Contains(ids, id) {
			continue
		}
		if near, ok := spell.Nearest(id, ids); ok {
			if _, answered := answers[near]; !answered {
				misspelt[near] = true
			}
		}
	}
	for _, q := range body.ExtraQuestions {
		if !slices.Contains(q.AppliesTo, f.Kind) {
			continue
		}
		asked[q.ID] = true
		if q.Answer == "section" {
			if _, ok := answers[q.ID]; ok {
				r.out = append(r.out, errAtKey(f, p("answers", q.ID), RuleExtraQuestions,
					fmt.Sprintf("answers.%s: this question is answered in the Markdown section \"## %s\", not in answers:", q.ID, q.Heading)))
				asked[q.ID] = true
				continue
			}
			if q.IsRequired() {
				requireSection(r, f, q.Heading, nil, fmt.Sprintf("answer the appropriate body's question %q", q.Question), RuleExtraQuestions)
			}
			continue
		}
		v, ok := answers[q.ID]
		if !ok {
			if q.IsRequired() && !misspelt[q.ID] {
				at := p("answers")
				if answers == nil {
					at = p("kind")
				}
				r.out = append(r.out, errAtKey(f, at, RuleExtraQuestions,
					fmt.Sprintf("answer the appropriate body's question %q: add answers: {%s: %s}", q.Question, q.ID, example(q))))
			}
			continue
		}
		if problem := checkAnswer(q, v); problem != "" {
			r.errorf(f, p("answers", q.ID), RuleExtraQuestions, "answers.%s %s", q.ID, problem)
		}
	}
	var unknown []string
	for id := range answers {
		if !asked[id] {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	var unanswered []string // what a misspelt id may have meant
	for _, id := range ids {
		if _, ok := answers[id]; !ok {
			unanswered = append(unanswered, id)
		}
	}
	for _, id := range unknown {
		msg := fmt.Sprintf("answers.%s: the appropriate body asks no question %q of a %s", id, id, f.Kind)
		if near, ok := spell.Nearest(id, unanswered); ok {
			msg += fmt.Sprintf(": did you mean %q?", near)
		} else if len(ids) > 0 {
			msg += "; its questions are " + strings.Join(ids, ", ")
		}
		r.out = append(r.out, errAtKey(f, p("answers", id), RuleExtraQuestions, msg))
	}
}

func example(q record.Question) string {
	switch q.Answer {
	case "yes_no":
		return "true or false"
	case "number":
		return "a number"
	case "date":
		return `"YYYY-MM-DD"`
	case "choice":
		return strings.Join(q.Choices, " | ")
	}
	return `"…"`
}

// checkAnswer returns what is wrong with an answer, or "".
func checkAnswer(q record.Question, v any) string {
	switch q.Answer {
	case "yes_no":
		if _, ok := v.(bool); !ok {
			return "must be true or false"
		}
	case "number":
		if _, ok := v.(json.Number); !ok {
			return "must be a number"
		}
	case "text":
		if s, ok := v.(string); !ok || strings.TrimSpace(s) == "" {
			return "must be some text"
		}
	case "date":
		if s, ok := v.(string); !ok {
			return `must be a date, "YYYY-MM-DD"`
		} else if _, ok := record.Date(s).Time(); !ok {
			return `must be a date, "YYYY-MM-DD"`
		}
	case "choice":
		s, _ := v.(string)
		if !slices.Contains(q.Choices, s) {
			if near, ok := spell.Nearest(s, q.Choices); ok {
				return fmt.Sprintf("%q is not one of the choices: did you mean %q?", s, near)
			}
			return fmt.Sprintf("must be one of: %s", strings.Join(q.Choices, ", "))
		}
	}
	return ""
}
