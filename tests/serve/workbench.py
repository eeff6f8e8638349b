"""What the workbench tests share: a real SMTP server on loopback (aiosmtpd), a config for the
test world with a ledger and that relay, and `renraku serve` on a free port with its token."""

import argparse
import email
import email.policy
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

LOG = (
    "Nov 25 03:14:07 gw sshd[101]: Failed password for root from 74.125.1.1 port 40001 ssh2\n"
    "Nov 25 03:14:08 gw sshd[101]: Failed password for invalid user admin from 74.125.1.1 port 40002 ssh2\n"
    "Nov 25 03:14:09 gw sshd[102]: Failed password for <script>alert(1)</script> from 1.1.1.1 port 50001 ssh2\n"
    "Nov 25 03:14:10 gw sshd[103]: Connection closed by 10.0.0.7 port 50002 [preauth]\n"
)

INCIDENT = (
    '[reporter]\norganization = "Example CSIRT"\nname = "Taro Yamada"\n'
    'email = "csirt@example.jp"\ntracking_prefix = "EXCSIRT"\nphone = "+81-3-0000-0000"\n'
    'pgp_fingerprint = "0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567"\n'
    '[clock]\nzone = "Asia/Tokyo"\nerror = "within 1 s of NTP"\n'
    '[policy]\ncc_csirt = true\nmax_recipients = 2\nlanguages = ["en", "ja"]\n'
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Smtp:
    """aiosmtpd keeping every message it accepts in a maildir."""

    def __init__(self, root):
        self.maildir = os.path.join(root, "maildir")
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
             "-c", "aiosmtpd.handlers.Mailbox", self.maildir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the SMTP server did not start")

    def messages(self):
        """Each message received, as a reader sees it: its headers, then every text part
        decoded (base64, quoted-printable), attachments too."""
        new = os.path.join(self.maildir, "new")
        if not os.path.isdir(new):
            return []
        out = []
        for name in sorted(os.listdir(new)):
            with open(os.path.join(new, name), "rb") as f:
                raw = f.read()
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            text = "".join(f"{k}: {v}\n" for k, v in msg.items()) + "\n"
            for part in msg.walk():
                if part.is_multipart():
                    continue
                payload = part.get_payload(decode=True) or b""
                text += payload.decode("utf-8", errors="replace") + "\n"
            out.append(text)
        return out

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Workbench:
    """`renraku serve` on the test world, with its own ledger, SMTP relay and work folder."""

    def __init__(self, renraku, world_config, extra=""):
        self.renraku = renraku
        self.root = tempfile.mkdtemp(prefix="renraku-serve-")
        self.smtp = Smtp(self.root)
        self.config = os.path.join(self.root, "renraku.toml")
        with open(world_config, encoding="utf-8") as f:
            text = f.read()
        text += (f'\n[notice]\nledger = "{self.root}/ledger.sqlite"\n'
                 f'smtp_url = "smtp://127.0.0.1:{self.smtp.port}"\nsmtp_starttls = "none"\n')
        text += extra
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(text)
        self.proc = subprocess.Popen(
            [renraku, "serve", "--config", self.config, "--listen", "127.0.0.1:0",
             "--work", os.path.join(self.root, "work")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "open " not in line:
            raise RuntimeError("serve did not start: " + line + self.proc.stderr.read())
        self.url = line.split("open ", 1)[1].strip()
        self.base = self.url.split("/#", 1)[0]
        self.token = self.url.split("token=", 1)[1]

    def call(self, method, path, body=None, token=True, headers=None, raw=None):
        """(status, JSON or text) of one API call."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + (token if isinstance(token, str) else self.token))
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=120) as res:
                text = res.read().decode()
                status = res.status
                ctype = res.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            status = e.code
            ctype = e.headers.get("Content-Type", "")
        return status, json.loads(text) if ctype.startswith("application/json") else text

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.smtp.stop()

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def dsn_for(source_dir, tracking, address):
    """A delivery report saying our notice `tracking` to `address` bounced (5.1.1)."""
    path = os.path.join(source_dir, "tests", "data", "notice", "dsn-bounce.eml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return text.replace("TRACKING", tracking).replace("arin-contact@google.com", address)


class Checks:
    """Counts failed checks and says each; the script's exit status."""

    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAILED: " + what, file=sys.stderr)

    def done(self):
        print(f"{self.passed} checks passed, {self.failed} failed")
        return 1 if self.failed else 0


def arguments(*extra):
    """The tests' command line: the program, the test world's config, the source folder, and
    each of `extra` (required)."""
    ap = argparse.ArgumentParser()
    for name in ("--renraku", "--world-config", "--source-dir") + extra:
        ap.add_argument(name, required=True)
    return ap.parse_args()
