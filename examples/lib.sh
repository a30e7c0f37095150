# Sourced by examples/<name>/build.sh (run from the example's directory): the SDK's pd.sh
# (build_pd, pack_system; see sdk/pd.sh) with the examples' shared header directory.
EXAMPLES_DIR=$(cd .. && pwd)
SELTRACE_SDK=$(cd "$EXAMPLES_DIR/../sdk" && pwd)
PD_INCLUDES="-I$EXAMPLES_DIR/include"
. "$SELTRACE_SDK/pd.sh"
