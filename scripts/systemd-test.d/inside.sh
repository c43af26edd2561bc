# Runs inside the booted container (scripts/systemd-test): the operator's guide, step by step, with a
# check after each. Fails at the first check that does not hold, with the unit's journal.
set -euo pipefail
export PATH=/opt/vipfs/bin:$PATH VIPFS_HOME=/var/lib/vipfs
unit=${VIPFS_SYSTEMD_TEST_UNIT:-vipfs@srv-vipfs.service}
current=""
step() { current=$1; echo "systemd-test: - $1" >&2; }
fail() {
  echo "systemd-test: FAILED: $current: $*" >&2
  echo "--- journalctl -u $unit (last 30 lines)" >&2
  journalctl -q --no-pager -u "$unit" -u srv-ro.mount -n 30 >&2 || true
  echo "--- systemctl status" >&2
  systemctl --no-pager status "$unit" nginx.service 2>&1 | tail -n 25 >&2 || true
  exit 1
}
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR

mounted() { grep -q " $1 fuse" /proc/self/mounts; }
wait_for() { # seconds, command...
  local n=$(( $1 * 10 )); shift
  for _ in $(seq 1 "$n"); do "$@" && return 0; sleep 0.1; done
  return 1
}
main_pid() { systemctl show -p MainPID --value "$1"; }
# Every thread of the daemon: the service user's ids, no groups, no capabilities, no_new_privs.
check_dropped() {
  local pid=$1 uid gid t
  uid=$(id -u vipfs); gid=$(id -g vipfs)
  [ "$pid" -gt 0 ] || fail "no main pid"
  for t in /proc/"$pid"/task/*; do
    awk -v u="$uid" -v g="$gid" -v t="$t" '
      /^Uid:/ { if ($2 != u || $3 != u || $4 != u || $5 != u) { print t ": " $0; bad = 1 } }
      /^Gid:/ { if ($2 != g || $3 != g || $4 != g || $5 != g) { print t ": " $0; bad = 1 } }
      /^Groups:/ { if (NF > 1) { print t ": " $0; bad = 1 } }
      /^Cap(Inh|Prm|Eff|Amb):/ { if ($2 !~ /^0+$/) { print t ": " $0; bad = 1 } }
      /^NoNewPrivs:/ { if ($2 != 1) { print t ": " $0; bad = 1 } }
      END { exit bad }' "$t/status" >&2 2>/dev/null \
      || { [ ! -e "$t/status" ] || fail "thread $t of pid $pid is not fully dropped"; }  # or it just ended
  done
}

# Once the mount is warm, its JIT compiler threads run in SCHED_IDLE (policy 5, field 41 of their
# stat), which the unit's system call filter and RestrictRealtime= must leave it free to set.
check_compilers_idle() {
  local pid=$1 t seen=0
  for t in /proc/"$pid"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*)
        seen=1
        [ "$(sed 's/.*) //' "$t/stat" | cut -d' ' -f39)" = 5 ] \
          || fail "compiler thread $t of pid $pid is not in SCHED_IDLE: $(cat "$t/sched" 2>/dev/null | grep policy)";;
    esac
  done
  [ "$seen" = 1 ] || fail "no JIT compiler thread found in pid $pid"
}

# The mount's kernel read-ahead window (a FUSE mount starts with 128 KiB): vipfs sets its configured
# 1024 KiB as root, before the drop, in the unit's sandbox too.
check_read_ahead() {
  local dev kb
  dev=$(awk -v m="$1" '$5 == m { d = $3 } END { print d }' /proc/self/mountinfo)
  kb=$(cat /sys/class/bdi/"$dev"/read_ahead_kb 2>/dev/null || echo "?")
  [ "$kb" = 1024 ] || fail "read_ahead_kb of $1 (bdi $dev) is $kb, expected 1024; daemon log: $(journalctl -q --no-pager -u "$unit" | grep -i 'read-ahead' | tail -n 2)"
}

step "systemd-analyze security $unit (informational)"
systemd-analyze security --no-pager "$unit" > /tmp/security.txt 2>&1 || true
if [ -n "${VIPFS_SYSTEMD_TEST_SECURITY:-}" ]; then cat /tmp/security.txt > "$VIPFS_SYSTEMD_TEST_SECURITY"; fi
echo "systemd-test:   $(tail -n 1 /tmp/security.txt)" >&2
echo "systemd-test:   $(systemd-analyze security --no-pager vipfs-fusermount@0.service 2>&1 | tail -n 1) (the broker)" >&2

step "create the service user and the home"
useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vipfs
install -d -m 0711 /var/lib/vipfs
vipfs init >/dev/null
mkdir -p /tmp/site/docs
echo '<h1>vipfs behind nginx</h1>' > /tmp/site/index.html
echo 'second file' > /tmp/site/docs/a.txt
cid=$(vipfs add -r -Q /tmp/site)
cat > /tmp/site-read.hcl <<'HCL'
path "*" {
  capabilities = ["read", "list"]
}
HCL
vipfs policy write site-read /tmp/site-read.hcl >/dev/null
vipfs identity write group:www-data policies=site-read >/dev/null

step "systemctl enable --now $unit (Type=notify: returns once serving)"
# The mount broker vipfs@.service needs; inert for units that mount themselves.
systemctl enable --now vipfs-fusermount.socket 2>&1 | grep -v '^Created symlink' >&2 || true
systemctl enable --now "$unit" 2>&1 | grep -v '^Created symlink' >&2 || true
[ "$(systemctl is-active "$unit")" = active ] || fail "unit is $(systemctl is-active "$unit")"
mounted /srv/vipfs || fail "the mount is not visible outside the service (/proc/self/mounts of pid 1's namespace)"
[ "$(cat /srv/vipfs/"$cid"/index.html)" = '<h1>vipfs behind nginx</h1>' ] || fail "cannot read through the mount"
pid=$(main_pid "$unit")
if [ "$(readlink /proc/"$pid"/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
  echo "systemd-test:   the daemon shares the host's mount namespace" >&2
else
  echo "systemd-test:   the daemon has its own mount namespace; the mount is the host's" >&2
fi

step "the daemon widened its mount's kernel read-ahead before the drop (kernel_read_ahead_kib)"
check_read_ahead /srv/vipfs

step "the mount broker refuses a caller outside a vipfs@ unit"
mkdir -p /tmp/not-vipfs
/opt/vipfs/packaging/libexec/fusermount-relay -o rw,allow_other,suid -- /tmp/not-vipfs 2>/dev/null || true
mounted /tmp/not-vipfs && fail "the broker mounted for a caller outside a vipfs@ unit"
wait_for 5 bash -c 'journalctl -q --no-pager -u "vipfs-fusermount@*" | grep -q "refusing pid"' \
  || fail "the broker did not log its refusal"

step "every thread of the daemon runs as vipfs, without capabilities, with NoNewPrivs"
check_dropped "$pid"

step "the warm mount's JIT compiler threads run in SCHED_IDLE"
check_compilers_idle "$pid"

step "vipfs status and reload reach the sandboxed daemon over its socket (vipfs's, 0600)"
[ "$(stat -c '%U %a' /var/lib/vipfs/vipfs.sock)" = "vipfs 600" ] || fail "socket is $(stat -c '%U %a' /var/lib/vipfs/vipfs.sock)"
vipfs status /srv/vipfs | grep -q '^mount point:  /srv/vipfs$' || fail "vipfs status: $(vipfs status /srv/vipfs 2>&1)"
vipfs reload /srv/vipfs 2>/dev/null || fail "vipfs reload failed"

step "nginx (After=/Requires= the mount) serves a file"
systemctl start nginx.service
[ "$(curl -fsS http://127.0.0.1:8080/"$cid"/docs/a.txt)" = 'second file' ] || fail "nginx did not serve the file"

step "starting nginx alone starts the mount first and never sees an empty mountpoint"
systemctl stop nginx.service "$unit"
mounted /srv/vipfs && fail "stop left the mount"
systemctl start nginx.service
[ "$(curl -fsS http://127.0.0.1:8080/"$cid"/index.html)" = '<h1>vipfs behind nginx</h1>' ] \
  || fail "nginx started before the mount served"

step "systemctl reload re-reads policies"
cat > /tmp/deny.hcl <<HCL
path "$cid/docs/*" {
  capabilities = ["deny"]
}
HCL
vipfs policy write deny-docs /tmp/deny.hcl >/dev/null
vipfs identity write group:www-data policies=site-read,deny-docs >/dev/null
systemctl reload "$unit"
[ "$(systemctl is-active "$unit")" = active ] || fail "unit is $(systemctl is-active "$unit") after reload"
code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/"$cid"/docs/a.txt)
case "$code" in 403|404) ;; *) fail "a policy denying docs/ after reload: nginx answered $code" ;; esac
err=$(runuser -u www-data -- cat /srv/vipfs/"$cid"/docs/a.txt 2>&1 || true)
case "$err" in *"Permission denied"*) ;; *) fail "www-data reading a denied file got '$err', expected EACCES" ;; esac
vipfs identity write group:www-data policies=site-read >/dev/null
systemctl reload "$unit"
curl -fsS -o /dev/null http://127.0.0.1:8080/"$cid"/docs/a.txt || fail "allowed again after reload"

step "logrotate (packaging/logrotate/vipfs) + reload: a new audit.log linked to the old one"
install -m 0644 /opt/vipfs/packaging/logrotate/vipfs /etc/logrotate.d/vipfs
logrotate -f /etc/logrotate.d/vipfs
[ -f /var/lib/vipfs/audit.log.1 ] || fail "logrotate did not rotate"
curl -fsS -o /dev/null http://127.0.0.1:8080/"$cid"/index.html || fail "reading after rotation failed"
head -n1 /var/lib/vipfs/audit.log | grep -q '"op":"audit_log_continued"' || fail "the new audit.log does not start with the link line"
vipfs audit verify /var/lib/vipfs/audit.log.1 /var/lib/vipfs/audit.log >&2 || fail "rotated logs do not verify as one chain"

step "a rename without reload is detected on the next record (no EIO)"
mv /var/lib/vipfs/audit.log /var/lib/vipfs/audit.log.moved
install -m 0600 -o vipfs -g vipfs /dev/null /var/lib/vipfs/audit.log
curl -fsS -o /dev/null http://127.0.0.1:8080/"$cid"/index.html || fail "reading after an unannounced rename failed"
[ -s /var/lib/vipfs/audit.log ] || fail "nothing was written to the new audit.log"
vipfs audit verify /var/lib/vipfs/audit.log.1 /var/lib/vipfs/audit.log.moved /var/lib/vipfs/audit.log >&2 \
  || fail "the renamed-away log and the new one do not verify as one chain"

step "systemctl stop leaves no mount and no failed state"
systemctl stop nginx.service "$unit"
mounted /srv/vipfs && fail "stop left the mount"
result=$(systemctl show -p Result --value "$unit")
[ "$result" = success ] || fail "Result=$result after stop (ExecMainStatus=$(systemctl show -p ExecMainStatus --value "$unit"))"
systemctl is-failed -q "$unit" && fail "unit is failed after stop"

step "kill -9 of the daemon: no stale mount, Restart= remounts"
systemctl start "$unit"
old=$(main_pid "$unit")
kill -9 "$old"
wait_for 15 bash -c "p=\$(systemctl show -p MainPID --value $unit); [ \"\$p\" != 0 ] && [ \"\$p\" != $old ] && [ \"\$(systemctl is-active $unit)\" = active ]" \
  || fail "not restarted (state $(systemctl is-active "$unit"))"
mounted /srv/vipfs || fail "not remounted after restart"
[ "$(grep -c ' /srv/vipfs fuse' /proc/self/mounts)" = 1 ] || fail "stale mount stacked under the new one"
[ "$(cat /srv/vipfs/"$cid"/index.html)" = '<h1>vipfs behind nginx</h1>' ] || fail "cannot read after restart"
check_dropped "$(main_pid "$unit")"
systemctl stop "$unit"
mounted /srv/vipfs && fail "stop after restart left the mount"

step "fstab: 'fuse.vipfs setuid=vipfs,ro' mounts read-only, dropped, visible"
mkdir -p /srv/ro
echo '/var/lib/vipfs /srv/ro fuse.vipfs setuid=vipfs,ro,nofail 0 0' >> /etc/fstab
systemctl daemon-reload
systemctl start srv-ro.mount
mounted /srv/ro || fail "fstab mount not visible"
grep ' /srv/ro fuse' /proc/self/mounts | grep -q '[ ,]ro[ ,]' || fail "not mounted read-only: $(grep ' /srv/ro ' /proc/self/mounts)"
check_read_ahead /srv/ro
[ "$(cat /srv/ro/"$cid"/index.html)" = '<h1>vipfs behind nginx</h1>' ] || fail "cannot read the fstab mount"
err=$(touch /srv/ro/"$cid"/new 2>&1 || true)
case "$err" in *"Read-only file system"*) ;; *) fail "a write answered '$err', expected EROFS" ;; esac
fpid=$(pgrep -f 'dev.vipfs.cli.Main mount --user vipfs --read-only /srv/ro' | head -n1 || true)
[ -n "$fpid" ] || fpid=$(pgrep -f 'dev.vipfs.cli.Main mount.*/srv/ro' | head -n1)
check_dropped "$fpid"
kill -9 "$fpid"
wait_for 10 bash -c '! grep -q " /srv/ro fuse" /proc/self/mounts' || fail "kill -9 left a stale fstab mount"
systemctl start srv-ro.mount
mounted /srv/ro || fail "fstab mount did not come back"
systemctl stop srv-ro.mount
mounted /srv/ro && fail "stopping the fstab mount left it"
# The unmount ends the mount before its daemon has exited; the next mount of the same home waits
# for that, as an operator's would.
ro_daemon_gone() { ! pgrep -f 'dev.vipfs.cli.Main mount.*/srv/ro' > /dev/null; }
wait_for 15 ro_daemon_gone || fail "the fstab mount's daemon did not exit after the unmount"
# user= is the deprecated spelling of setuid=: it still mounts, with a warning.
out=$(mount -t fuse.vipfs /var/lib/vipfs /srv/ro -o user=vipfs,ro 2>&1) || fail "mount -t fuse.vipfs failed: $out"
mounted /srv/ro || fail "mount -t fuse.vipfs did not mount: $out"
case "$out" in *"user=vipfs is deprecated"*) ;; *) fail "no deprecation warning for user=: $out" ;; esac
vipfs status /srv/ro | grep -q '^mount point:  /srv/ro (read-only)' || fail "vipfs status does not reach the fstab mount"
umount /srv/ro
mounted /srv/ro && fail "umount left it"

if [ "${VIPFS_SYSTEMD_TEST_VERBOSE:-}" = 1 ]; then
  journalctl -q --no-pager -u "$unit" -u 'vipfs-fusermount@*' -u srv-ro.mount >&2
fi
echo "systemd-test: all checks passed" >&2
