#!/usr/bin/env python3
"""The local test world: real servers on loopback that renraku can be pointed at.

  world.py up    [--dir DIR]   run in the foreground until Ctrl-C (to watch renraku by hand)
  world.py start [--dir DIR]   start in the background and wait until it answers (test setup)
  world.py stop  [--dir DIR]   stop what `start` started (test cleanup)

What runs (all on 127.0.0.1):
  - NSD (Debian's authoritative DNS server) on 127.0.0.1:5354, serving the zones in zones/,
    signed at start under the world's own root key (dnssec_world.py; DIR/root-anchor.key);
  - a DNS front on 127.0.0.1:5353 that passes every question to NSD, except those for names
    under timeout.test, which it drops, so that a lookup times out as it would against a dead
    server;
  - whois servers for each registry (ports 4301-4308) answering with the recorded answers in
    tests/data, servers that misbehave (4391-4399), and a counter of what every server was
    asked (4300: send "stats" or "reset");
  - an RDAP server over HTTPS (8443) for every registry host, with a test CA made at start
    (DIR/ca.pem), serving the recorded RDAP answers, and hosts under .test that misbehave.

Nothing listens beyond 127.0.0.1, and nothing here sends traffic anywhere else.
"""
import argparse
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnssec_world  # noqa: E402
import rdap_server  # noqa: E402
import whois_server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DNS_FRONT = ("127.0.0.1", 5353)
NSD_ADDR = ("127.0.0.1", 5354)
DROPPED_SUFFIX = "timeout.test"
ZONE_FILES = {
    ".": "root.zone",
    "test": "test.zone",
    "example.test": "example.test.zone",
    "sub.example.test": "sub.example.test.zone",
    "escaped.test": "escaped.test.zone",
    "implicit-mx.test": "implicit-mx.test.zone",
    "nullmx.test": "nullmx.test.zone",
    "nomail.test": "nomail.test.zone",
    "timeout.test": "timeout.test.zone",
    "upstream-isp.test": "upstream-isp.test.zone",
    "unsigned.test": "unsigned.test.zone",
    "bogus.test": "bogus.test.zone",
    "expired.test": "expired.test.zone",
    "customer.test": "customer.test.zone",
    "in-addr.arpa": "in-addr.arpa.zone",
    "2.0.192.in-addr.arpa": "2.0.192.in-addr.arpa.zone",
    "128/26.2.0.192.in-addr.arpa": "128-26.2.0.192.in-addr.arpa.zone",
    "0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa": "0.1.0.0.8.b.d.0.1.0.0.2.ip6.arpa.zone",
}


def log(msg):
    print(f"world: {msg}", file=sys.stderr, flush=True)


# --- DNS ------------------------------------------------------------------------------------

def qname_of(packet):
    """The question name of a DNS message, lower case, or None when malformed."""
    labels, pos = [], 12
    for _ in range(128):
        if pos >= len(packet):
            return None
        n = packet[pos]
        if n == 0:
            return ".".join(labels).lower()
        if n & 0xC0 or pos + 1 + n > len(packet):
            return None
        labels.append(packet[pos + 1:pos + 1 + n].decode("latin-1"))
        pos += 1 + n
    return None


def in_world(name):
    """True for the root itself, names under one of the world's zones below it, and the names
    between the root and those zones (arpa, ip6.arpa: where validation looks for zone cuts)."""
    if name == "":
        return True
    return any(name == z or name.endswith("." + z) or z.endswith("." + name)
               for z in ZONE_FILES if z != ".")


def refused(packet):
    """A REFUSED answer to `packet`: its header and question, QR set, RCODE 5."""
    flags = struct.unpack(">H", packet[2:4])[0]
    flags = (flags | 0x8000) & ~0x000F | 5
    qdcount = struct.unpack(">H", packet[4:6])[0]
    end = 12
    if qdcount:
        while end < len(packet) and packet[end] != 0:
            end += 1 + packet[end]
        end += 5
    return packet[:2] + struct.pack(">HHHHH", flags, min(qdcount, 1), 0, 0, 0) + packet[12:end]


def write_nsd_conf(run_dir):
    zones_dir = os.path.join(run_dir, "zones")
    os.makedirs(zones_dir, exist_ok=True)
    lines = [
        "server:",
        f"  ip-address: {NSD_ADDR[0]}@{NSD_ADDR[1]}",
        f"  port: {NSD_ADDR[1]}",
        '  username: ""',
        '  chroot: ""',
        f'  zonesdir: "{zones_dir}"',
        f'  pidfile: "{run_dir}/nsd.pid"',
        f'  xfrdfile: "{run_dir}/xfrd.state"',
        f'  zonelistfile: "{run_dir}/zone.list"',
        '  database: ""',
        f'  logfile: "{run_dir}/nsd.log"',
        "  server-count: 1",
        "  hide-version: yes",
        "  verbosity: 1",
        # The world stands for many servers, all asked from 127.0.0.1: NSD's response rate
        # limit (on in Debian's build) would drop or truncate a batch's answers as an attack.
        "  rrl-ratelimit: 0",
        "  rrl-whitelist-ratelimit: 0",
        "remote-control:",
        "  control-enable: no",
    ]
    for fname in ZONE_FILES.values():
        shutil.copy(os.path.join(HERE, "zones", fname), os.path.join(zones_dir, fname))
    served = dnssec_world.sign_zones(run_dir, zones_dir, ZONE_FILES)
    for name, fname in served.items():
        lines += ["zone:", f'  name: "{name}"', f'  zonefile: "{fname}"']
    conf = os.path.join(run_dir, "nsd.conf")
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")
    return conf


class DnsFront:
    """Passes UDP questions to NSD, and drops those under DROPPED_SUFFIX."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(DNS_FRONT)
        self.sock.settimeout(0.5)
        self.running = True
        self.questions = 0

    def serve(self):
        while self.running:
            try:
                packet, client = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            self.questions += 1
            name = qname_of(packet)
            if name is None:
                continue
            if name == DROPPED_SUFFIX or name.endswith("." + DROPPED_SUFFIX):
                continue
            if not in_world(name):
                # As before the world had a root: a name outside its zones is refused, the way
                # an authoritative server refuses names it does not serve.
                self.sock.sendto(refused(packet), client)
                continue
            threading.Thread(target=self.forward, args=(packet, client), daemon=True).start()

    def forward(self, packet, client):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
            up.settimeout(2.0)
            try:
                up.sendto(packet, NSD_ADDR)
                answer, _ = up.recvfrom(65535)
                self.sock.sendto(answer, client)
            except OSError:
                pass

    def close(self):
        self.running = False
        self.sock.close()


def dns_ready(addr, name="example.test"):
    """True when `addr` answers an SOA question for `name` with NOERROR."""
    qid = 0x5254
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question + struct.pack(">HH", 6, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.3)
        try:
            s.sendto(packet, addr)
            answer, _ = s.recvfrom(4096)
        except OSError:
            return False
    return len(answer) >= 12 and struct.unpack(">H", answer[:2])[0] == qid and (answer[3] & 0xF) == 0


# --- running --------------------------------------------------------------------------------

def up(run_dir):
    os.makedirs(run_dir, exist_ok=True)
    ready_file = os.path.join(run_dir, "ready")
    if os.path.exists(ready_file):
        os.remove(ready_file)
    nsd = shutil.which("nsd") or "/usr/sbin/nsd"
    conf = write_nsd_conf(run_dir)
    children = [subprocess.Popen([nsd, "-d", "-c", conf], stdout=subprocess.DEVNULL,
                                 stderr=open(os.path.join(run_dir, "nsd.stderr"), "w"))]
    front = DnsFront()
    threading.Thread(target=front.serve, daemon=True).start()
    whois = whois_server.WhoisWorld()
    whois.start()
    rdap = rdap_server.RdapWorld(run_dir, whois.count)
    rdap.start()

    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())

    deadline = time.monotonic() + 20
    while not dns_ready(DNS_FRONT):
        if children[0].poll() is not None or time.monotonic() > deadline:
            log(f"NSD did not start; see {run_dir}/nsd.log and {run_dir}/nsd.stderr")
            front.close()
            return 1
        time.sleep(0.1)
    with open(ready_file, "w") as f:
        f.write(str(os.getpid()))
    log(f"up: DNS on {DNS_FRONT[0]}:{DNS_FRONT[1]} (NSD behind it on {NSD_ADDR[1]}); "
        f"whois on 127.0.0.1:{min(whois_server.REGISTRIES.values())}-{max(whois_server.FAULTS.values())}; "
        f"RDAP on 127.0.0.1:{rdap_server.PORT} (test CA {run_dir}/ca.pem); "
        f"files in {run_dir}")
    try:
        while not stopping.wait(0.5):
            if any(c.poll() is not None for c in children):
                log("a server stopped unexpectedly")
                break
    finally:
        front.close()
        whois.close()
        rdap.close()
        for c in children:
            if c.poll() is None:
                c.terminate()
        for c in children:
            try:
                c.wait(timeout=5)
            except subprocess.TimeoutExpired:
                c.kill()
        if os.path.exists(ready_file):
            os.remove(ready_file)
        log("down")
    return 0


def start(run_dir):
    os.makedirs(run_dir, exist_ok=True)
    stop(run_dir, quiet=True)
    log_file = open(os.path.join(run_dir, "world.log"), "w")
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "up", "--dir", run_dir],
                            stdout=log_file, stderr=log_file, start_new_session=True)
    with open(os.path.join(run_dir, "world.pid"), "w") as f:
        f.write(str(proc.pid))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if os.path.exists(os.path.join(run_dir, "ready")):
            log(f"started (pid {proc.pid})")
            return 0
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    log("did not start; world.log says:")
    with open(os.path.join(run_dir, "world.log")) as f:
        sys.stderr.write(f.read())
    stop(run_dir, quiet=True)
    return 1


def stop(run_dir, quiet=False):
    pid_file = os.path.join(run_dir, "world.pid")
    if not os.path.exists(pid_file):
        if not quiet:
            log("not running")
        return 0
    with open(pid_file) as f:
        pid = int(f.read().strip() or 0)
    os.remove(pid_file)
    if pid <= 0:
        return 0
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return 0
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(pid, signal.SIGKILL)
    if not quiet:
        log("stopped")
    return 0


def connect_to(_run_dir=None):
    """Print the network.connect_to entries (TOML strings) that send renraku to the world: each
    recorded server's real name to its port, then every other host to servers that answer
    "not part of the world", so that nothing leaves loopback."""
    entries = whois_server.connect_to_entries() + rdap_server.connect_to_entries()
    entries += [f"*:43:127.0.0.1:{whois_server.NOWHERE_PORT}", f"*:443:127.0.0.1:{rdap_server.PORT}"]
    print("\n".join(f'  "{e}",' for e in entries))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["up", "start", "stop", "connect-to"])
    parser.add_argument("--dir", default=os.path.join(os.getcwd(), "world-run"),
                        help="folder for the servers' files (default ./world-run)")
    args = parser.parse_args()
    run_dir = os.path.abspath(args.dir)
    return {"up": up, "start": start, "stop": stop, "connect-to": connect_to}[args.command](run_dir)


if __name__ == "__main__":
    sys.exit(main())
