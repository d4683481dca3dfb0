# Sourced (POSIX sh) by mvnw, bin/synchrony and .ci/run: points JAVA_HOME at a JDK whose major version is
# 21 or more. Order: JAVA_HOME as given, the `java` on PATH, then the JDKs under /usr/lib/jvm, newest first.
synchrony_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
synchrony_try_jdk() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  synchrony_major=$(synchrony_java_major "$1")
  [ -n "$synchrony_major" ] && [ "$synchrony_major" -ge 21 ] || return 1
  JAVA_HOME="$1"
  export JAVA_HOME
}
synchrony_find_jdk() {
  synchrony_try_jdk "${JAVA_HOME:-}" && return 0
  if command -v java >/dev/null 2>&1; then
    synchrony_try_jdk "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" && return 0
  fi
  for synchrony_candidate in $(find /usr/lib/jvm /opt/java -mindepth 1 -maxdepth 1 2>/dev/null | sort -rV); do
    synchrony_try_jdk "$synchrony_candidate" && return 0
  done
  echo "synchrony: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*, /opt/java/*)." \
    "Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  return 1
}
