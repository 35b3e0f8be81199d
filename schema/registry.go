package schema

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"sync"
)

//go:embed logtypes/*.yml
var builtinFiles embed.FS

// standardFile holds Panther's standard fields, which every log type has.
const standardFile = "logtypes/_panther_standard.yml"

// Registry is a set of log types by name. It is immutable once built.
type Registry struct {
	types map[string]*LogType
	names []string // sorted
}

var (
	builtinOnce sync.Once
	builtin     *Registry
	builtinErr  error
)

// Builtin returns the log types rulec ships. It panics if the embedded
// files do not parse, which the package's tests rule out.
func Builtin() *Registry {
	builtinOnce.Do(func() { builtin, builtinErr = loadBuiltin() })
	if builtinErr != nil {
		panic("schema: " + builtinErr.Error())
	}
	return builtin
}

func loadBuiltin() (*Registry, error) {
	entries, err := builtinFiles.ReadDir("logtypes")
	if err != nil {
		return nil, err
	}
	std, err := readBuiltin(standardFile)
	if err != nil {
		return nil, err
	}
	r := &Registry{types: map[string]*LogType{}}
	for _, e := range entries {
		name := path.Join("logtypes", e.Name())
		if name == standardFile {
			continue
		}
		lt, err := readBuiltin(name)
		if err != nil {
			return nil, err
		}
		lt.Builtin = true
		if err := r.add(lt, std.Root); err != nil {
			return nil, err
		}
	}
	return r, r.checkPartOf()
}

func readBuiltin(name string) (*LogType, error) {
	data, err := builtinFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse("schema/"+name, data)
}

func (r *Registry) checkPartOf() error {
	for _, lt := range r.types {
		for _, p := range lt.PartOf {
			if r.types[p] == nil {
				return fmt.Errorf("%s: part_of names %s, which is no log type", lt.File, p)
			}
		}
	}
	return nil
}

// standard is the object of Panther's standard fields.
func (r *Registry) standard() *Type {
	std, err := readBuiltin(standardFile)
	if err != nil {
		panic("schema: " + err.Error())
	}
	return std.Root
}

// add registers lt, giving it the standard fields it does not declare.
func (r *Registry) add(lt *LogType, std *Type) error {
	if _, dup := r.types[lt.Name]; dup {
		return fmt.Errorf("%s: log type %s is declared twice", lt.File, lt.Name)
	}
	for _, f := range std.Fields {
		if lt.Root.Field(f.Name) == nil {
			lt.Root.Fields = append(lt.Root.Fields, f)
		}
	}
	sort.Slice(lt.Root.Fields, func(i, j int) bool { return lt.Root.Fields[i].Name < lt.Root.Fields[j].Name })
	r.types[lt.Name] = lt
	r.names = append(r.names, lt.Name)
	sort.Strings(r.names)
	return nil
}

// With returns a registry holding r's log types and extra (custom types
// declared with --schema). A custom type may not reuse a shipped name.
func (r *Registry) With(extra ...*LogType) (*Registry, error) {
	if len(extra) == 0 {
		return r, nil
	}
	out := &Registry{types: map[string]*LogType{}, names: append([]string(nil), r.names...)}
	for k, v := range r.types {
		out.types[k] = v
	}
	std := r.standard()
	for _, lt := range extra {
		if err := out.add(lt, std); err != nil {
			return nil, err
		}
	}
	if err := out.checkPartOf(); err != nil {
		return nil, err
	}
	return out, nil
}

// RunsOn reports whether a rule for ruleTypes runs on an event of
// eventType: the event's type is one of them, or part of one.
func (r *Registry) RunsOn(ruleTypes []string, eventType string) bool {
	for _, t := range ruleTypes {
		if t == eventType {
			return true
		}
	}
	if lt := r.Lookup(eventType); lt != nil {
		for _, parent := range lt.PartOf {
			for _, t := range ruleTypes {
				if t == parent {
					return true
				}
			}
		}
	}
	return false
}

// Lookup returns the log type called name, or nil.
func (r *Registry) Lookup(name string) *LogType { return r.types[name] }

// Names returns the log type names, sorted.
func (r *Registry) Names() []string { return append([]string(nil), r.names...) }

// LogTypes returns the log types, sorted by name.
func (r *Registry) LogTypes() []*LogType {
	out := make([]*LogType, len(r.names))
	for i, n := range r.names {
		out[i] = r.types[n]
	}
	return out
}
