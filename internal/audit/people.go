package audit

import (
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
)

// People is identity.People, the audit's signers; the name stays until
// every caller uses package identity.
type People = identity.People

// Identity is identity.Identity, a person who signs; the name stays until
// every caller uses package identity.
type Identity = identity.Identity

// RuleKey names a registered key that cannot be read (identity.RuleKey).
const RuleKey = identity.RuleKey

// NewPeople is identity.New: everyone's identities and keys from the
// records, and the keys that cannot be read.
func NewPeople(book *record.Book) (*People, []diag.Diagnostic) { return identity.New(book) }
