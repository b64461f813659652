"""Which addresses the link checker may connect to, and connections that keep to them. **I/O**.

A list's links, and a pull request's, are chosen by strangers; fetching them from a CI runner
must not let a link reach what only the runner can reach (its loopback services, the private
network, the cloud metadata endpoint) and report back what it found. So every connection to a
list's link resolves the host itself, refuses the whole host if any of its addresses is not a
public unicast address, and connects only to the addresses it vetted: a DNS answer that changes
between the check and the connection ("rebinding") cannot slip a private address in, and every
redirect hop is a new connection, vetted the same way.

Numeric spellings (``127.1``, ``0x7f.1``, ``2130706433``) are whatever the resolver makes of
them, so they are vetted as the address they connect to; IPv6 forms that carry an IPv4 address
(``::ffff:a.b.c.d``, NAT64, 6to4, Teredo) are vetted as that IPv4 address too.

Lists whose links live on a private network, and tests and benchmarks with their loopback link
farms, opt in with ``links.allow_private`` (``true``, or the networks allowed).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family
from urllib3.util.timeout import _DEFAULT_TIMEOUT

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list[tuple[Any, ...]]]

# Instance metadata services answer with credentials to whoever asks from inside the cloud.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task credentials
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddressError(Exception):
    """A link's host resolves to an address the checker may not connect to.

    Deliberately not an ``OSError``: urllib3 would take it for a network failure and retry.
    """

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} resolves to {address}, {reason}")
        self.host = host
        self.address = address
        self.reason = reason

    def __str__(self) -> str:
        shown = self.address if self.host in (self.address, f"[{self.address}]") else (
            f"{self.host} ({self.address})"
        )
        return f"{shown} is {self.reason}"


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """``allow_private``: every address may be reached; else only public ones and ``allowed``."""

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_setting(cls, value: bool | Iterable[str] | None) -> AddressPolicy:
        """From ``links.allow_private``: a boolean, or the networks (``10.0.0.0/8``,
        ``127.0.0.1``) that may be reached besides public addresses. Raises ``ValueError``
        for a network that does not parse."""
        if value is None or isinstance(value, bool):
            return cls(allow_private=bool(value))
        return cls(allowed=tuple(ipaddress.ip_network(str(n), strict=False) for n in value))

    def refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` may not be reached, or ``None`` if it may."""
        if self.allow_private or any(address in net for net in self.allowed):
            return None
        return non_public(address)


def non_public(address: IPAddress) -> str | None:
    """What kind of non-public address this is (``"a loopback address"``), or ``None``."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        reason = non_public(embedded)
        return f"{reason} (as {embedded})" if reason else None
    if address in METADATA:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "a reserved address"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def vetted_addresses(
    host: str,
    port: int,
    policy: AddressPolicy,
    resolve: Resolver = socket.getaddrinfo,
) -> list[tuple[Any, ...]]:
    """``getaddrinfo`` results for ``host``, all of them allowed by ``policy``.

    Raises :class:`BlockedAddressError` if any address is refused (a host that names a private
    address among public ones is not trusted with either) and ``socket.gaierror`` if the name
    does not resolve.
    """
    name = host.strip("[]")
    infos = resolve(name, port, allowed_gai_family(), socket.SOCK_STREAM)
    for info in infos:
        literal = str(info[4][0]).split("%", 1)[0]  # an IPv6 scope id is not part of it
        reason = policy.refusal(ipaddress.ip_address(literal))
        if reason is not None:
            raise BlockedAddressError(host, literal, reason)
    return list(infos)


class _Guarded:
    """Mixin for urllib3 connections: resolve, vet, connect to the vetted address only."""

    policy: AddressPolicy = AddressPolicy()
    resolve: Resolver = staticmethod(socket.getaddrinfo)
    host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any

    def _new_conn(self) -> socket.socket:
        try:
            # _dns_host is the name without IPv6 brackets, as urllib3 itself resolves it.
            host = getattr(self, "_dns_host", self.host)
            infos = vetted_addresses(host, self.port, self.policy, type(self).resolve)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        error: OSError | None = None
        for family, kind, proto, _, address in infos:
            sock = socket.socket(family, kind, proto)
            try:
                for level, option, value in self.socket_options or ():
                    sock.setsockopt(level, option, value)
                if self.timeout is not _DEFAULT_TIMEOUT:
                    sock.settimeout(self.timeout)
                if self.source_address:
                    sock.bind(self.source_address)
                sock.connect(address)
                return sock
            except TimeoutError as exc:
                sock.close()
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                ) from exc
            except OSError as exc:
                sock.close()
                error = exc
        raise NewConnectionError(
            self,  # type: ignore[arg-type]
            f"Failed to establish a new connection: {error or 'no address'}",
        )


def guarded_pool_classes(
    policy: AddressPolicy, resolve: Resolver | None = None
) -> dict[str, type[HTTPConnectionPool]]:
    """``PoolManager.pool_classes_by_scheme`` whose connections keep to ``policy``."""
    extra: dict[str, Any] = {"policy": policy}
    if resolve is not None:
        extra["resolve"] = staticmethod(resolve)
    http_conn = type("GuardedHTTPConnection", (_Guarded, HTTPConnection), extra)
    https_conn = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection), extra)
    http_pool = type("GuardedHTTPConnectionPool", (HTTPConnectionPool,),
                     {"ConnectionCls": http_conn})
    https_pool = type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,),
                      {"ConnectionCls": https_conn})
    return {"http": http_pool, "https": https_pool}

