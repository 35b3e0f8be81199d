// Package schema is rulec's registry of log types: for each log type rulec
// ships (and each one a user declares with --schema), the fields its events
// carry and their types, written from the vendors' published formats, and the
// fields that identify an event of that type.
//
// The data lives in one place, the YAML files of logtypes/ (embedded), one
// log type per file, each citing its sources. A user's schema file has the
// same format:
//
//	log_type: Example.Custom          # the name rules list under log_types
//	sources: [https://vendor.example/docs/log-format]
//	classify:                         # one or more signatures; all clauses of one must hold
//	  - has: [event_id, actor.name]   # these paths hold a value
//	    equals: {kind: audit}         # and these paths hold these strings
//	sigma: {product: example, service: audit}   # the Sigma logsource (optional)
//	part_of: [Example.Any]            # its events also run Example.Any's rules (optional)
//	open: true                        # members beyond fields occur (default: closed)
//	fields:
//	  event_id: string
//	  when: timestamp
//	  client_ip: ip
//	  bytes: number
//	  ok: boolean
//	  details: json                   # free JSON: any value, any depth
//	  actor:
//	    type: object                  # closed: members are all listed
//	    fields:
//	      name: string
//	  labels: open object             # listed members typed, others free JSON
//	  tags: array of string
//	  targets:
//	    type: array of object
//	    fields:
//	      id: string
//
// Types: string, number, boolean, ip (a string holding an IP address where
// the vendor documents one; other strings may occur, as with CloudTrail's
// sourceIPAddress naming an AWS service), timestamp (a string holding a date
// and time; a time written as a number of seconds or milliseconds is a
// number), object (closed), open object, json, and "array of T". A field
// may carry "note" (why its type is what it is) and, written by `rulec schema
// infer`, "guessed: true". Panther's standard fields (p_log_type,
// p_event_time, p_any_*...) belong to every log type.
//
// Paths are resolved as the condition language reads them: each segment
// selects an object member, and a member declared an array is stepped
// through (fan-out) before the next segment applies to its elements.
package schema
