#!/bin/sh
# Builds the prototype: three plugins with the vdispatch transform, and the same program as one module.
# usage: sh build.sh <optLevel 0|3>
set -e
cd "$(dirname "$0")"
O=${1:-0}
ASC="node ../../../node_modules/assemblyscript/bin/asc.js"
mkdir -p build
COMMON="--runtime ./rt/proto-rt --importMemory --importTable --initialMemory 128 -O$O"
rm -f build/registry.json
VD_REGISTRY=build/registry.json VD_PLUGIN=0 VD_PRIVATE=100 $ASC dogs/index.ts $COMMON --memoryBase 131072 --tableBase 2   --transform ./vdispatch.mjs -o build/dogs.O$O.wasm --textFile build/dogs.O$O.wat
VD_REGISTRY=build/registry.json VD_PLUGIN=1 VD_PRIVATE=200 $ASC cats/index.ts $COMMON --memoryBase 262144 --tableBase 100 --transform ./vdispatch.mjs -o build/cats.O$O.wasm --textFile build/cats.O$O.wat
VD_REGISTRY=build/registry.json VD_PLUGIN=2 VD_PRIVATE=300 $ASC zoo/index.ts  $COMMON --memoryBase 393216 --tableBase 200 --transform ./vdispatch.mjs -o build/zoo.O$O.wasm  --textFile build/zoo.O$O.wat
# the owner without step (c): no stubs forced in dogs
VD_NO_OWNER_FORCE=1 VD_REGISTRY=build/registry.json VD_PLUGIN=0 VD_PRIVATE=100 $ASC dogs/index.ts $COMMON --memoryBase 131072 --tableBase 2 --transform ./vdispatch.mjs -o build/dogs.noforce.O$O.wasm --textFile build/dogs.noforce.O$O.wat
# zoo without step (c), for the size breakdown only
VD_NO_OWNER_FORCE=1 VD_REGISTRY=build/registry.json VD_PLUGIN=2 VD_PRIVATE=300 $ASC zoo/index.ts $COMMON --memoryBase 393216 --tableBase 200 --transform ./vdispatch.mjs -o build/zoo.noforce.O$O.wasm
# zoo and dogs with (a)-(c) but no rewrite, for the size breakdown only
VD_NO_REWRITE=1 VD_REGISTRY=build/registry.json VD_PLUGIN=2 VD_PRIVATE=300 $ASC zoo/index.ts $COMMON --memoryBase 393216 --tableBase 200 --transform ./vdispatch.mjs -o build/zoo.norewrite.O$O.wasm
VD_NO_REWRITE=1 VD_REGISTRY=build/registry.json VD_PLUGIN=0 VD_PRIVATE=100 $ASC dogs/index.ts $COMMON --memoryBase 131072 --tableBase 2 --transform ./vdispatch.mjs -o build/dogs.norewrite.O$O.wasm
# variant: the lookup read inline from the runtime's matrix (no call)
rm -f build/registry.inline.json
for spec in "dogs 0 100 131072 2" "cats 1 200 262144 100" "zoo 2 300 393216 200"; do
  set -- $spec
  VD_INLINE_LOOKUP=1 VD_REGISTRY=build/registry.inline.json VD_PLUGIN=$2 VD_PRIVATE=$3 $ASC $1/index.ts $COMMON --memoryBase $4 --tableBase $5 --transform ./vdispatch.mjs -o build/$1.inline.O$O.wasm --textFile build/$1.inline.O$O.wat
done
# the same plugins without the dispatch support (ids only), to see today's behaviour and sizes
rm -f build/registry.plain.json
VD_OFF=1 VD_REGISTRY=build/registry.plain.json VD_PRIVATE=100 $ASC dogs/index.ts $COMMON --memoryBase 131072 --tableBase 2   --transform ./vdispatch.mjs -o build/dogs.plain.O$O.wasm
VD_OFF=1 VD_REGISTRY=build/registry.plain.json VD_PRIVATE=200 $ASC cats/index.ts $COMMON --memoryBase 262144 --tableBase 100 --transform ./vdispatch.mjs -o build/cats.plain.O$O.wasm
VD_OFF=1 VD_REGISTRY=build/registry.plain.json VD_PRIVATE=300 $ASC zoo/index.ts  $COMMON --memoryBase 393216 --tableBase 200 --transform ./vdispatch.mjs -o build/zoo.plain.O$O.wasm --textFile build/zoo.plain.O$O.wat
# one ordinary module
$ASC all/index.ts --runtime ./rt/proto-rt --importMemory --importTable --initialMemory 128 -O$O --memoryBase 131072 --tableBase 2 -o build/all.O$O.wasm --textFile build/all.O$O.wat
