package parser

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rulec/rulec/ir"
)

// ReadFile reads the rules of one file: a catalog page (.txt, .md) or a rule
// file (.yml, .yaml). Data-model names in conditions are resolved for the
// rule's log types (see ResolveDataModel).
func ReadFile(path string) ([]*ir.Rule, ir.ErrorList) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, ir.ErrorList{ir.Errorf(path, ir.Pos{}, ir.CodePage, "%v", err)}
	}
	return ReadSource(path, src)
}

// ReadSource is ReadFile on contents already in memory; path names the file
// in messages and its extension picks the reader.
func ReadSource(path string, src []byte) ([]*ir.Rule, ir.ErrorList) {
	var r *ir.Rule
	var errs ir.ErrorList
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".md":
		r, errs = ReadPage(path, src)
	case ".yml", ".yaml":
		r, errs = ReadRuleFile(path, src)
	default:
		return nil, ir.ErrorList{ir.Errorf(path, ir.Pos{}, ir.CodePage, "unknown file kind %q: want a page (.txt, .md) or a rule file (.yml, .yaml)", filepath.Ext(path))}
	}
	if r == nil {
		return nil, errs
	}
	errs = append(errs, ResolveDataModel(r)...)
	return []*ir.Rule{r}, errs
}

// IsRuleFile reports whether a directory walk should read path.
func IsRuleFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".md", ".yml", ".yaml":
		return true
	}
	return false
}

// isReadme reports whether name is a directory's README, which documents the
// rules beside it and is no catalog page.
func isReadme(name string) bool {
	return strings.EqualFold(name, "README.md")
}

// ExpandPaths turns files and directories into the sorted list of rule files
// they hold, skipping README.md files. Files named explicitly are kept
// whatever their name or extension.
func ExpandPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && IsRuleFile(path) && !strings.HasSuffix(path, ".tests.json") && !isReadme(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// NormalizeJSON converts a decoded YAML or JSON value into the JSON model ir
// uses: map[string]any, []any, string, json.Number, bool and nil.
func NormalizeJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = NormalizeJSON(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = NormalizeJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = NormalizeJSON(e)
		}
		return out
	case int:
		return json.Number(strconv.Itoa(x))
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return v
}
