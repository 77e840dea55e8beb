# Shared by run-app.sh and test.sh. Cargo's target directory lives outside the
# clone by default, so fresh clones (CI's) reuse earlier builds; a run without
# it still works, only slower. Override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/duizhao/target}"
export PATH="$HOME/.cargo/bin:$PATH"
