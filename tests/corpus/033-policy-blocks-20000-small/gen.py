# Writes the input of this case: 20,000 compact [[policy]] blocks in under 1 MiB (below
# the file size limit, so the block count itself must be guarded): python3 gen.py OUTPUT
import sys

with open(sys.argv[1], 'w') as f:
    f.write('extends="baseline.toml"\n' + '[[policy]]\ninstrument="soe_reform"\nstart=2011\n' * 20000)
