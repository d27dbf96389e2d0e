#!/usr/bin/env bash
# Regenerates the DataSketches Java golden set in this folder with the
# datasketches-java and datasketches-memory jars that the pyspark wheel ships.
#
#   bash tests/golden/datasketches-java/generate.sh
#
# pyspark is installed once into ~/.cache/sketchfold/pyspark-venv (or
# $SKETCHFOLD_CACHE/pyspark-venv) and reused; javac and java (17) must be on
# the PATH. The compiled class goes to a temporary folder, never here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYSPARK_VERSION="${PYSPARK_VERSION:-4.3.0}"
cache="${SKETCHFOLD_CACHE:-$HOME/.cache/sketchfold}"
venv="$cache/pyspark-venv"
if ! command -v javac >/dev/null || ! command -v java >/dev/null; then
    echo "error: javac and java (JDK 17) are needed: apt-get install openjdk-17-jdk-headless" >&2
    exit 1
fi
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
    mkdir -p "$cache"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "pyspark==$PYSPARK_VERSION"
fi
jars="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "jars"))')"
cp="$(ls "$jars"/datasketches-java-*.jar):$(ls "$jars"/datasketches-memory-*.jar)"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" -cp "$cp" "$here/Generate.java"
rm -f "$here"/*.bin "$here/cases.json" "$here/hll_tables.json"
names="$(basename "$(ls "$jars"/datasketches-java-*.jar)") $(basename "$(ls "$jars"/datasketches-memory-*.jar)")"
java -Dgolden.jars="$names" -cp "$cp:$classes" Generate "$here"
echo "wrote $(ls "$here"/*.bin | wc -l) images, cases.json and hll_tables.json to $here"
echo "jars: $names"
