//go:build duckdb

package athena

import (
	"database/sql/driver"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// trinoContainsUDF is the name of the Go function behind the harness's
// contains(network, address) macro.
const trinoContainsUDF = "rulec_trino_ip_contains"

// trinoIPv4CIDR is Trino's test for an IPv4 network in contains: the text
// before the slash, not the parsed address, decides the prefix's width.
var trinoIPv4CIDR = regexp.MustCompile(`^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$`)

// TrinoIPContains is Trino's contains(network VARCHAR, address IPADDRESS)
// for the DuckDB harness, where an IPADDRESS is still its text (DuckDB can
// define no cast to a new type). It parses address as Trino's
// TRY_CAST(... AS IPADDRESS) does (Guava's InetAddresses.forString, which
// accepts what net/netip accepts bar zones): text that is no address gives
// ok=false, the NULL TRY_CAST gives. Trino keeps an address in 16 bytes,
// IPv4 as IPv4-mapped IPv6, and so does this.
//
// Errors are Trino's errors: a network without "/", an address part that
// does not parse, a negative or too long prefix, an IPv4 network with host
// bits set. Three more are the harness refusing to guess where Trino
// versions disagree: an address whose IP version differs from the
// network's (Trino before 431 raises "IP address version should be the
// same", later versions compare the mapped forms), an IPv4-mapped network
// written in IPv6 syntax, and a scoped address (Guava versions differ).
// The one mismatch let through is an IPv4-mapped address written in IPv6
// syntax against an IPv6 network: in Trino the emitter's guard turns it
// into NULL (the address prints in dotted form), and here, where the
// guard sees the text, contains compares the mapped form as current Trino
// does, which is false for every network the emitter writes.
func TrinoIPContains(network, address string) (contains, ok bool, err error) {
	slash := strings.IndexByte(network, '/')
	if slash < 0 {
		return false, false, fmt.Errorf("contains: Invalid CIDR: %q", network)
	}
	base := network[:slash]
	netAddr, perr := netip.ParseAddr(base)
	if perr != nil || netAddr.Zone() != "" {
		return false, false, fmt.Errorf("contains: Invalid network IP address: %q", network)
	}
	bits, perr := strconv.Atoi(network[slash+1:])
	if perr != nil {
		return false, false, fmt.Errorf("contains: %q: the prefix length is not a number", network)
	}
	if bits < 0 {
		return false, false, fmt.Errorf("contains: Invalid prefix length: %q", network)
	}
	netV4 := trinoIPv4CIDR.MatchString(base)
	switch {
	case netV4:
		if bits > 32 || netip.PrefixFrom(netAddr, bits).Masked().Addr() != netAddr {
			return false, false, fmt.Errorf("contains: Invalid CIDR: %q", network)
		}
		bits += 96
	case netAddr.Is4In6():
		return false, false, fmt.Errorf("contains: %q: Trino versions disagree on IPv4-mapped networks; the DuckDB harness does not guess", network)
	case bits > 128:
		return false, false, fmt.Errorf("contains: Invalid CIDR: %q", network)
	}

	addr, perr := netip.ParseAddr(address)
	if perr != nil {
		return false, false, nil
	}
	if addr.Zone() != "" {
		return false, false, fmt.Errorf("contains: %q: a scoped address, which Guava versions parse differently; the DuckDB harness does not guess", address)
	}
	addrV4 := addr.Is4() || addr.Is4In6()
	if addrV4 != netV4 && !(addr.Is4In6() && !netV4) {
		return false, false, fmt.Errorf("contains: IP address version should be the same: %q in %q", address, network)
	}
	mapped16 := func(a netip.Addr) netip.Addr { return netip.AddrFrom16(a.As16()) }
	n16, a16 := mapped16(netAddr), mapped16(addr)
	if bits == 0 {
		return true, true, nil
	}
	// Trino compares the leading bits only: the host bits of an IPv6
	// network are not checked, only ignored.
	return netip.PrefixFrom(n16, bits).Masked() == netip.PrefixFrom(a16, bits).Masked(), true, nil
}

// trinoContains adapts TrinoIPContains to duckdb-go's scalar UDF API.
type trinoContains struct{}

func (trinoContains) Config() duckdb.ScalarFuncConfig {
	varchar, err := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	if err != nil {
		panic(err) // a fixed, valid type
	}
	boolean, err := duckdb.NewTypeInfo(duckdb.TYPE_BOOLEAN)
	if err != nil {
		panic(err)
	}
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{varchar, varchar}, ResultTypeInfo: boolean}
}

func (trinoContains) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		network, _ := values[0].(string)
		address, _ := values[1].(string)
		in, ok, err := TrinoIPContains(network, address)
		if err != nil || !ok {
			return nil, err
		}
		return in, nil
	}}
}
