package subject

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"time"
)

// page renders index.html: a plain page, with no script and nothing
// fetched, every text from the records escaped (html/template).
func (x *Export) page() ([]byte, error) {
	t, err := template.New("index").Funcs(template.FuncMap{
		"href": href,
		"day":  longDay,
		"when": func(s string) string {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				return t.Format("2 January 2006")
			}
			return s
		},
		"short": func(h string) string {
			if len(h) > 7 {
				return h[:7]
			}
			return h
		},
		"join":  strings.Join,
		"deref": func(b *bool) bool { return b != nil && *b },
	}).Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, x); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// href is the link to a file of the export, relative to index.html, each
// part of its name escaped ("?" and "#" in a name stay part of it).
func href(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "./" + strings.Join(parts, "/")
}

// longDay writes a YYYY-MM-DD date as people read it: "4 December 2026";
// anything else as it is.
func longDay(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

const pageTemplate = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Records held about {{.Subject.Name}}: confidential</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; background: #fff; max-width: 70rem; margin: 0 auto; padding: 1rem; }
.confidential { border: 3px solid #a4000f; padding: 0.75rem 1rem; color: #1b1b1b; }
.confidential strong { color: #a4000f; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #6f6f6f; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #ececec; }
td.text { font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; }
a { color: #0b4ea2; }
a:focus { outline: 3px solid #ffbf47; }
@media print { .confidential { border-color: #000; } a { color: #000; } }
</style>
</head>
<body>
<header>
<p class="confidential"><strong>Confidential.</strong> These are induction records and the personal data they hold about one person. Induction records and assessments are confidential and are not shared with anyone not directly involved in the induction process (statutory guidance for induction, paragraph 2.79). Keep this folder secure and share it only with the person it is about.</p>
<h1>Records held about {{.Subject.Name}}</h1>
<p>{{if eq .Subject.Kind "ect"}}{{.Subject.Name}} is an early career teacher (ECT) at {{.Subject.School}}, teacher reference number (TRN) {{.Subject.ID}}.{{else}}{{.Subject.Name}} is a member of staff with the id {{.Subject.ID}} in the records.{{end}}
This export was made on {{day .Produced.On}} by {{.Produced.By}}, with ect export --subject, from the induction records of {{.Produced.Body}}{{if .Produced.Email}} ({{.Produced.Email}}){{end}}: the records folder {{.Produced.Records}}, {{if .Produced.Proven}}as they stood at commit {{short .Produced.Commit}}{{if .Produced.CommitDate}} of {{when .Produced.CommitDate}}{{end}}{{else}}{{.Produced.Note}}{{end}}.</p>
</header>
<nav aria-label="Contents">
<h2>Contents</h2>
<ul>
<li><a href="#who">Who this is</a></li>
<li><a href="#files">The files in this export</a></li>
<li><a href="#signatures">Signatures{{if eq .Subject.Kind "staff"}}, reviews and decisions{{end}}, and what Git proves of each</a></li>
{{- if .Decisions}}
<li><a href="#decisions">The appropriate body's decisions on the induction</a></li>
{{- end}}
{{- if .Trails}}
<li><a href="#trails">The audit trail of each report</a></li>
{{- end}}
<li><a href="#history">Who changed the records that say who they are</a></li>
{{- if eq .Subject.Kind "staff"}}
<li><a href="#references">Records that name them</a></li>
{{- end}}
<li><a href="#mentions">Mentions in other records</a></li>
<li><a href="#not-included">What this export does not hold</a></li>
</ul>
</nav>
<main>
<h2 id="about">About this export</h2>
<p>It holds what the induction records of {{.Produced.Body}} hold about {{.Subject.Name}}{{if eq .Subject.Kind "ect"}}: every record in their folder, copied as it is, each report and the whole induction record as a PDF, their evidence documents, their signatures with what the Git history proves of each, and the audit trail of each report{{else}}: where the records list them, every signature, review and decision they made with what the Git history proves of each, and every line of the records that names them{{end}}; then every other line of the records that mentions them. subject.json holds the same for a computer to read.</p>

<h2 id="who">Who this is</h2>
<table>
<caption>Where the records list {{.Subject.Name}}, with the addresses and keys that prove who made each change</caption>
<thead><tr><th scope="col">Record</th><th scope="col">Listed as</th><th scope="col">Name</th><th scope="col">E-mail addresses</th><th scope="col">GitHub login</th><th scope="col">Signing keys</th></tr></thead>
<tbody>
{{- range .Identity}}
<tr><td>{{.File}}:{{.Line}}</td><td>{{.What}}{{if deref .QTS}}; holds QTS{{end}}</td><td>{{.Name}}</td><td>{{join .Emails ", "}}</td><td>{{.GitHub}}</td><td class="text">{{join .Keys "\n"}}</td></tr>
{{- end}}
</tbody>
</table>

<h2 id="files">The files in this export</h2>
<table>
<caption>{{len .Files}} files</caption>
<thead><tr><th scope="col">File</th><th scope="col">What it is</th><th scope="col">Copy of</th></tr></thead>
<tbody>
{{- range .Files}}
<tr><td><a href="{{href .Name}}">{{.Name}}</a></td><td>{{.What}}</td><td>{{.Source}}</td></tr>
{{- end}}
</tbody>
</table>
{{- if .NotCopied}}
<p>Not copied:</p>
<ul>
{{- range .NotCopied}}
<li>{{.File}}: {{.Why}}</li>
{{- end}}
</ul>
{{- end}}

<h2 id="signatures">Signatures{{if eq .Subject.Kind "staff"}}, reviews and decisions{{end}}, and what Git proves of each</h2>
<p>A signature counts only when the Git history proves it: that it was added in a commit made by the person it names, and that nothing it signed has changed since.</p>
{{- if .Signatures}}
<table>
<caption>{{len .Signatures}} made by {{.Subject.Name}}</caption>
<thead><tr><th scope="col">Record</th><th scope="col">As</th><th scope="col">Dated</th><th scope="col">What Git proves</th><th scope="col">Where</th></tr></thead>
<tbody>
{{- range .Signatures}}
<tr><td>{{.Record}}</td><td>{{.Role}}</td><td>{{.On}}</td><td>{{.Proof}}</td><td>{{.File}}:{{.Line}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p>None.</p>
{{- end}}
{{- if .Decisions}}

<h2 id="decisions">The appropriate body's decisions on the induction</h2>
<table>
<caption>{{len .Decisions}} decisions</caption>
<thead><tr><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Dated</th><th scope="col">What Git proves</th><th scope="col">Where</th></tr></thead>
<tbody>
{{- range .Decisions}}
<tr><td>{{.Role}}</td><td>{{if .Name}}{{.Name}}{{else}}{{.By}}{{end}}</td><td>{{.On}}</td><td>{{.Proof}}</td><td>{{.File}}:{{.Line}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Trails}}

<h2 id="trails">The audit trail of each report</h2>
<p>Each commit that changed the report, oldest first: when, what it did, and who made it, with what Git proves of that.</p>
{{- range .Trails}}
<h3>{{.Record}}</h3>
<p>{{.File}}; as a PDF: <a href="{{href .PDF}}">{{.PDF}}</a>.{{if .Uncommitted}} The file has changes not yet committed.{{end}}{{if .Note}} {{.Note}}.{{end}}</p>
{{- template "steps" .Steps}}
{{- if .Signatures}}
<p>Its signatures:</p>
<ul>
{{- range .Signatures}}
<li>{{.Role}}, {{if .Name}}{{.Name}}{{else}}{{.By}}{{end}}, {{.On}}: {{.Proof}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
{{- end}}

<h2 id="history">Who changed the records that say who they are</h2>
{{- range .History}}
<h3>{{.File}}</h3>
{{- if .Note}}
<p>{{.Note}}.</p>
{{- end}}
{{- template "steps" .Steps}}
{{- end}}
{{- if eq .Subject.Kind "staff"}}

<h2 id="references">Records that name them</h2>
<p>Every field of a record whose value is the id {{.Subject.ID}} (as tutor, mentor, signer, reviewer, releaser, the person met or observed, …), with the line it is on.</p>
{{- if .References}}
<table>
<caption>{{len .References}} lines</caption>
<thead><tr><th scope="col">Where</th><th scope="col">Field</th><th scope="col">The line</th></tr></thead>
<tbody>
{{- range .References}}
<tr><td>{{.File}}:{{.Line}}</td><td>{{.Field}}{{if .Note}} ({{.Note}}){{end}}</td><td class="text">{{.Text}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p>None.</p>
{{- end}}
{{- end}}

<h2 id="mentions">Mentions in other records</h2>
<p>Every other line of the records that holds {{if eq .Subject.Kind "ect"}}the name {{.Subject.Name}} or the TRN {{.Subject.ID}}, outside their own folder (copied above){{else}}the name {{.Subject.Name}}{{end}}, in any case.</p>
{{- if .Mentions}}
<table>
<caption>{{len .Mentions}} lines</caption>
<thead><tr><th scope="col">Where</th><th scope="col">Found</th><th scope="col">The line</th></tr></thead>
<tbody>
{{- range .Mentions}}
<tr><td>{{.File}}:{{.Line}}</td><td>{{.Found}}</td><td class="text">{{.Text}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p>None found.</p>
{{- end}}

<h2 id="not-included">What this export does not hold</h2>
<ul>
{{- range .NotIncluded}}
<li>{{.}}</li>
{{- end}}
</ul>
</main>
<footer>
<p>Made with ect export --subject {{.Subject.ID}} on {{day .Produced.On}}. Confidential (statutory guidance for induction, paragraph 2.79).</p>
</footer>
</body>
</html>
{{define "steps"}}{{if .}}
<ol>
{{- range .}}
<li>{{.Date}}, commit {{.Commit}}: {{.Text}}</li>
{{- end}}
</ol>
{{- end}}{{end}}`
