package scan

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/rulec/rulec/match"
)

// Options configure Run.
type Options struct {
	Workers int       // goroutines matching events; at least 1
	Stdin   io.Reader // read for the input "-"
	Out     io.Writer // NDJSON matches
	Errs    io.Writer // invalid lines and unreadable files, one line each
	// Progress, when set, is called about four times a second with the
	// bytes read so far (compressed bytes for .gz files) and events seen.
	Progress func(read int64, events int64)
	// MaxErrors bounds the invalid lines printed (the rest are counted);
	// 0 means 100.
	MaxErrors int
	// BatchBytes is the size of the chunks workers take; 0 means 1 MiB.
	BatchBytes int
}

// Stats summarise a run.
type Stats struct {
	Files, Events, Matches, Invalid int64
	// With routing by classification: the events of each log type, and
	// those no log type claimed (they ran only the rules naming none).
	ByLogType    map[string]int64
	Unclassified int64
}

// Each match is written as one JSON object per line:
//
//	{"rule":ID,"title":T,"severity":S,"file":F,"line":N,"fields":{NAME:VALUE,...}}
//
// with "fields" in the rule's output-field order (a field with no value is
// null, one with several is an array), and for a threshold rule
// "threshold" and "count" at the match that fires it.

// Input is one source of NDJSON events.
type Input struct {
	Name string // as printed in matches; "-" for stdin
	Size int64  // bytes on disk, for progress; 0 when unknown
}

// logExts are the files a directory walk reads (also with .gz).
var logExts = []string{".json", ".jsonl", ".ndjson", ".log"}

// ExpandInputs turns paths into inputs: "-" is stdin, files are read
// whatever their name, and directories are walked (sorted) for .json,
// .jsonl, .ndjson and .log files, gzipped or not.
func ExpandInputs(paths []string) ([]Input, error) {
	if len(paths) == 0 {
		return []Input{{Name: "-"}}, nil
	}
	var out []Input
	for _, p := range paths {
		if p == "-" {
			out = append(out, Input{Name: "-"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, Input{Name: p, Size: st.Size()})
			continue
		}
		var found []Input
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			name := strings.TrimSuffix(strings.ToLower(d.Name()), ".gz")
			for _, ext := range logExts {
				if strings.HasSuffix(name, ext) {
					info, err := d.Info()
					if err != nil {
						return err
					}
					found = append(found, Input{Name: path, Size: info.Size()})
					break
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(found, func(i, j int) bool { return found[i].Name < found[j].Name })
		out = append(out, found...)
	}
	return out, nil
}

// batch is a run of whole lines of one input.
type batch struct {
	seq   int
	file  string
	line  int64 // number of the first line
	data  []byte
	res   []hit
	out   []byte // rendered matches
	errs  []string
	count int64 // non-blank lines

	types        map[string]*int64 // events per log type (keys copied out of the data)
	unclassified int64
}

type hit struct {
	rule     int
	from, to int // the match's JSON object in batch.out, without its closing brace
	time     time.Time
}

// Run scans every input with program p, writing matches in input order.
// Invalid lines are reported on Errs and counted; an unreadable input stops
// the run with an error.
func Run(p *Program, inputs []Input, opt Options) (Stats, error) {
	if opt.Workers < 1 {
		opt.Workers = 1
	}
	if opt.MaxErrors == 0 {
		opt.MaxErrors = 100
	}
	if opt.BatchBytes == 0 {
		opt.BatchBytes = 1 << 20
	}
	var st Stats
	var read, events atomic.Int64

	work := make(chan *batch, opt.Workers)
	done := make(chan *batch, opt.Workers)
	free := make(chan *batch, 2*opt.Workers+2)
	for i := 0; i < cap(free); i++ {
		free <- &batch{data: make([]byte, 0, opt.BatchBytes)}
	}

	var wg sync.WaitGroup
	for w := 0; w < opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := p.newWorker()
			for b := range work {
				p.runBatch(b, w)
				events.Add(b.count)
				done <- b
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// The reader feeds batches; it stops at the first unreadable input.
	var readErr error
	go func() {
		defer close(work)
		seq := 0
		for _, in := range inputs {
			st.Files++
			if err := readInput(in, opt, &read, free, work, &seq); err != nil {
				readErr = err
				return
			}
		}
	}()

	var stopTicker chan struct{}
	if opt.Progress != nil {
		stopTicker = make(chan struct{})
		go func() {
			t := time.NewTicker(250 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					opt.Progress(read.Load(), events.Load())
				case <-stopTicker:
					return
				}
			}
		}()
	}

	// Write results in order; threshold counters run here, in event order.
	out := bufio.NewWriterSize(opt.Out, 64<<10)
	counters := map[int]*match.Counter{}
	pending := map[int]*batch{}
	next := 0
	printed := 0
	var writeErr error
	var lineBuf []byte
	emit := func(b *batch) {
		for t, n := range b.types {
			if st.ByLogType == nil {
				st.ByLogType = map[string]int64{}
			}
			st.ByLogType[t] += *n
		}
		st.Unclassified += b.unclassified
		for _, e := range b.errs {
			st.Invalid++
			if printed < opt.MaxErrors {
				fmt.Fprintln(opt.Errs, e)
				printed++
			}
		}
		for _, h := range b.res {
			r := p.Rules[h.rule]
			line := append(lineBuf[:0], b.out[h.from:h.to]...)
			if r.Threshold > 1 {
				c := counters[h.rule]
				if c == nil {
					mr := match.Rule{DedupPeriodMinutes: r.DedupPeriodMinutes}
					c = &match.Counter{N: r.Threshold, Window: mr.Window()}
					counters[h.rule] = c
				}
				fire, n := c.Add(h.time)
				if !fire {
					continue
				}
				line = fmt.Appendf(line, `,"threshold":%d,"count":%d`, r.Threshold, n)
			}
			st.Matches++
			line = append(line, "}\n"...)
			lineBuf = line
			if _, err := out.Write(line); err != nil && writeErr == nil {
				writeErr = err
			}
		}
	}
	for b := range done {
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			emit(nb)
			next++
			nb.data, nb.res, nb.out, nb.errs, nb.count = nb.data[:0], nb.res[:0], nb.out[:0], nb.errs[:0], 0
			clear(nb.types)
			nb.unclassified = 0
			free <- nb
		}
	}
	if stopTicker != nil {
		close(stopTicker)
		opt.Progress(read.Load(), events.Load())
	}
	if err := out.Flush(); err != nil && writeErr == nil {
		writeErr = err
	}
	st.Events = events.Load()
	if st.Invalid > int64(printed) {
		fmt.Fprintf(opt.Errs, "%d more invalid lines not shown\n", st.Invalid-int64(printed))
	}
	if readErr != nil {
		return st, readErr
	}
	return st, writeErr
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func readInput(in Input, opt Options, read *atomic.Int64, free, work chan *batch, seq *int) error {
	var src io.Reader
	if in.Name == "-" {
		if opt.Stdin == nil {
			return errors.New("-: no standard input")
		}
		src = opt.Stdin
	} else {
		f, err := os.Open(in.Name)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	br := bufio.NewReaderSize(&countingReader{r: src, n: read}, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %v", in.Name, err)
		}
		defer zr.Close()
		src = zr
	} else {
		src = br
	}
	line := int64(1)
	var carry []byte
	for eof := false; !eof; {
		b := <-free
		b.data = append(b.data[:0], carry...)
		// Fill the batch; a line longer than the batch grows it.
		for {
			if len(b.data) == cap(b.data) {
				if bytes.IndexByte(b.data, '\n') >= 0 {
					break
				}
				b.data = append(b.data, 0)[:len(b.data)]
			}
			n, err := src.Read(b.data[len(b.data):cap(b.data)])
			b.data = b.data[:len(b.data)+n]
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				return fmt.Errorf("%s: %v", in.Name, err)
			}
		}
		cut := len(b.data)
		if !eof {
			cut = bytes.LastIndexByte(b.data, '\n') + 1
		}
		carry = append(carry[:0], b.data[cut:]...)
		b.data = b.data[:cut]
		b.seq, b.file, b.line = *seq, in.Name, line
		line += int64(bytes.Count(b.data, []byte{'\n'}))
		*seq++
		work <- b
	}
	return nil
}

// eventTimeFields are read, in order, for the time threshold windows use.
var eventTimeFields = [][]string{{"p_event_time"}, {"eventTime"}, {"time"}, {"timestamp"}, {"@timestamp"}, {"published"}}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00"}

// worker is one goroutine's reusable state.
type worker struct {
	ev, out *match.Event // the rules' fields; the output and time fields
	hits    []int
}

func (p *Program) newWorker() *worker {
	return &worker{ev: p.NewEvent(), out: match.NewEvent(p.outSchema)}
}

func (p *Program) runBatch(b *batch, w *worker) {
	data := b.data
	line := b.line
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		var text []byte
		if end < 0 {
			text, data = data, nil
		} else {
			text, data = data[:end], data[end+1:]
		}
		n := line
		line++
		text = bytes.TrimSuffix(text, []byte{'\r'})
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		b.count++
		if err := w.ev.Reset(text); err != nil {
			msg := err.Error()
			col := 1
			var se *match.SyntaxError
			if errors.As(err, &se) {
				col, msg = se.Offset+1, "invalid JSON: "+se.Msg
			}
			b.errs = append(b.errs, fmt.Sprintf("%s:%d:%d: %s", b.file, n, col, msg))
			continue
		}
		var logType string
		w.hits, logType = p.MatchRouted(w.ev, w.hits[:0])
		if p.classify != nil {
			b.countType(logType)
		}
		if len(w.hits) == 0 {
			continue
		}
		// A second pass reads the output and time fields; the text was
		// valid a moment ago, so it cannot fail.
		_ = w.out.Reset(text)
		for _, ri := range w.hits {
			r := p.Rules[ri]
			h := hit{rule: ri, from: len(b.out)}
			b.out = append(b.out, `{"rule":`...)
			b.out = appendString(b.out, r.ID)
			b.out = append(b.out, `,"title":`...)
			b.out = appendString(b.out, r.Title)
			b.out = append(b.out, `,"severity":`...)
			b.out = appendString(b.out, string(r.Severity))
			b.out = append(b.out, `,"file":`...)
			b.out = appendString(b.out, b.file)
			b.out = append(b.out, `,"line":`...)
			b.out = strconv.AppendInt(b.out, n, 10)
			if fs := p.outFields[ri]; len(fs) > 0 {
				b.out = append(b.out, `,"fields":{`...)
				for k, f := range fs {
					if k > 0 {
						b.out = append(b.out, ',')
					}
					b.out = appendString(b.out, f.name)
					b.out = append(b.out, ':')
					b.out = appendValues(b.out, w.out.Vals(f.slot))
				}
				b.out = append(b.out, '}')
			}
			h.to = len(b.out)
			if r.Threshold > 1 {
				h.time = p.eventTime(w.out)
			}
			b.res = append(b.res, h)
		}
	}
}

// countType counts one event of logType ("": unclassified). The name may
// point into the batch's data, so a new key is copied.
func (b *batch) countType(logType string) {
	if logType == "" {
		b.unclassified++
		return
	}
	if n := b.types[logType]; n != nil {
		*n++
		return
	}
	if b.types == nil {
		b.types = map[string]*int64{}
	}
	one := int64(1)
	b.types[strings.Clone(logType)] = &one
}

// appendValues writes the values of an output field: null when there are
// none, the value when there is one, an array otherwise.
func appendValues(dst []byte, vs []match.Value) []byte {
	switch len(vs) {
	case 0:
		return append(dst, "null"...)
	case 1:
		return appendValue(dst, &vs[0])
	}
	dst = append(dst, '[')
	for i := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendValue(dst, &vs[i])
	}
	return append(dst, ']')
}

func appendValue(dst []byte, v *match.Value) []byte {
	switch v.Kind {
	case match.KindString:
		return appendString(dst, v.Str)
	case match.KindNumber:
		return append(dst, v.Str...)
	case match.KindBool:
		return strconv.AppendBool(dst, v.Bool)
	case match.KindObject:
		return append(dst, v.Raw...)
	}
	return append(dst, "null"...)
}

// appendString writes s as a JSON string, escaped as encoding/json does
// (without its HTML escaping); s is valid UTF-8.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func (p *Program) eventTime(e *match.Event) time.Time {
	for _, slot := range p.timeSlots {
		for _, v := range e.Vals(slot) {
			if v.Kind != match.KindString {
				continue
			}
			for _, layout := range timeLayouts {
				if t, err := time.Parse(layout, v.Str); err == nil {
					return t
				}
			}
		}
	}
	return time.Time{}
}
