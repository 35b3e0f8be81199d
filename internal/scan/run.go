package scan

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rulec/rulec/ir"
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
}

// Match is one line of output.
type Match struct {
	Rule     string         `json:"rule"`
	Title    string         `json:"title,omitempty"`
	Severity string         `json:"severity,omitempty"`
	File     string         `json:"file"`
	Line     int64          `json:"line"`
	Fields   map[string]any `json:"fields,omitempty"`
	// Threshold rules: the alert fires on the match that brings the count
	// within the dedup window to Threshold.
	Threshold int `json:"threshold,omitempty"`
	Count     int `json:"count,omitempty"`
}

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
	errs  []string
	count int64 // non-blank lines
}

type hit struct {
	rule   int
	line   int64
	fields map[string]any
	time   time.Time
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
			ev := p.NewEvent()
			var hits []int
			for b := range work {
				p.runBatch(b, ev, &hits)
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
	emit := func(b *batch) {
		for _, e := range b.errs {
			st.Invalid++
			if printed < opt.MaxErrors {
				fmt.Fprintln(opt.Errs, e)
				printed++
			}
		}
		for _, h := range b.res {
			r := p.Rules[h.rule]
			m := Match{Rule: r.ID, Title: r.Title, Severity: string(r.Severity), File: b.file, Line: h.line, Fields: h.fields}
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
				m.Threshold, m.Count = r.Threshold, n
			}
			st.Matches++
			line, _ := json.Marshal(&m)
			line = append(line, '\n')
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
			nb.data, nb.res, nb.errs = nb.data[:0], nb.res[:0], nb.errs[:0]
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

func (p *Program) runBatch(b *batch, ev *match.Event, hits *[]int) {
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
		if err := ev.Reset(text); err != nil {
			msg := err.Error()
			col := 1
			var se *match.SyntaxError
			if errors.As(err, &se) {
				col, msg = se.Offset+1, "invalid JSON: "+se.Msg
			}
			b.errs = append(b.errs, fmt.Sprintf("%s:%d:%d: %s", b.file, n, col, msg))
			continue
		}
		*hits = p.Match(ev, (*hits)[:0])
		if len(*hits) == 0 {
			continue
		}
		// Matches are rare: decode the event fully for the output fields.
		doc, _ := decode(text)
		for _, ri := range *hits {
			r := p.Rules[ri]
			h := hit{rule: ri, line: n}
			if len(r.OutputFields) > 0 {
				h.fields = map[string]any{}
				for _, f := range r.OutputFields {
					h.fields[f.Name] = outputValue(doc, f.Path())
				}
			}
			if r.Threshold > 1 {
				h.time = eventTime(doc)
			}
			b.res = append(b.res, h)
		}
	}
}

func decode(text []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var doc any
	err := dec.Decode(&doc)
	return doc, err
}

func outputValue(doc any, path string) any {
	vs := ir.Lookup(doc, strings.Split(path, "."))
	switch len(vs) {
	case 0:
		return nil
	case 1:
		return vs[0]
	}
	return vs
}

func eventTime(doc any) time.Time {
	for _, f := range eventTimeFields {
		for _, v := range ir.Lookup(doc, f) {
			s, ok := v.(string)
			if !ok {
				continue
			}
			for _, layout := range timeLayouts {
				if t, err := time.Parse(layout, s); err == nil {
					return t
				}
			}
		}
	}
	return time.Time{}
}
