# Sourced (POSIX sh) by bin/synchrony and bin/synchrony-java: finds a JDK 21 or newer like ./mvnw does, and builds
# the application jar on first use (and again when the sources change). Sets JAVA_HOME and JAR.
SYNCHRONY_HOME="$(cd "$(dirname "$0")/.." && pwd -P)"
. "$SYNCHRONY_HOME/.mvn/find-jdk.sh"
synchrony_find_jdk || exit 2
JAR="$SYNCHRONY_HOME/synchrony-cli/target/synchrony.jar"
synchrony_newer_source() {
  [ -n "$(find "$SYNCHRONY_HOME" -path "$SYNCHRONY_HOME/synchrony-*/src/main/*" -newer "$JAR" -print -quit 2>/dev/null)" ] ||
    [ -n "$(find "$SYNCHRONY_HOME" -maxdepth 2 -name pom.xml -newer "$JAR" -print -quit 2>/dev/null)" ]
}
if [ ! -f "$JAR" ] || synchrony_newer_source; then
  echo "synchrony: building the application (first use or changed sources; takes a minute)..." >&2
  BUILD_LOG="$SYNCHRONY_HOME/synchrony-cli/target/bin-synchrony-build.log"
  mkdir -p "$(dirname "$BUILD_LOG")"
  (cd "$SYNCHRONY_HOME" && ./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dassembly.skipAssembly=true package -pl synchrony-cli -am) \
      >"$BUILD_LOG" 2>&1 || {
    grep -v '^WARNING:' "$BUILD_LOG" | tail -n 40 >&2
    echo "synchrony: the build failed (full log: $BUILD_LOG)" >&2
    exit 2
  }
fi
