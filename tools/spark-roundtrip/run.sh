#!/usr/bin/env bash
# The live Spark SQL round trip: Spark SQL (pyspark, local[2]) and sketchfold
# read and write each other's HLL and KLL sketches and must give the same
# answers. A step of .ci/run; see README.md in this folder.
#
#   bash tools/spark-roundtrip/run.sh
#
# Needs Java 17 (java on the PATH) and Python 3 with venv; installs pyspark
# into ~/.cache/sketchfold/pyspark-venv (or $SKETCHFOLD_CACHE) unless it is
# there. Time box: SPARK_ROUNDTRIP_SECONDS (default 600) for the Spark run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYSPARK_VERSION="${PYSPARK_VERSION:-4.3.0}"
cache="${SKETCHFOLD_CACHE:-$HOME/.cache/sketchfold}"
venv="$cache/pyspark-venv"

if ! command -v java >/dev/null 2>&1 || ! java -version >/dev/null 2>&1; then
    cat >&2 <<'MSG'
error: the Spark round trip needs Java 17, and `java` is not on the PATH.
Install it, then run this step again:
    Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless
    macOS:          brew install openjdk@17
or point JAVA_HOME at a JDK 17 and put $JAVA_HOME/bin on the PATH.
MSG
    exit 1
fi
java -version 2>&1 | head -1

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
    echo "installing pyspark==$PYSPARK_VERSION into $venv (once; about 400 MB)"
    mkdir -p "$cache"
    python3 -m venv "$venv"
    timeout 1200 "$venv/bin/pip" install -q "pyspark==$PYSPARK_VERSION"
fi
"$venv/bin/python" -c "import pyspark; print('pyspark', pyspark.__version__)"

echo "+ cargo clippy, cargo build --manifest-path tools/spark-roundtrip/Cargo.toml"
cargo clippy -q --manifest-path "$here/Cargo.toml" -- -D warnings
cargo build -q --manifest-path "$here/Cargo.toml"
target_dir="${CARGO_TARGET_DIR:-$here/target}"
binary="$target_dir/debug/spark-roundtrip"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
timeout "${SPARK_ROUNDTRIP_SECONDS:-600}" \
    "$venv/bin/python" "$here/roundtrip.py" "$work" "$binary"
