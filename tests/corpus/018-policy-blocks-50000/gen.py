# Writes the input of this case (too big to keep in git): python3 gen.py OUTPUT
import sys

with open(sys.argv[1], 'w') as f:
    f.write('extends = "baseline.toml"\n' + '\n[[policy]]\ninstrument = "research_funding_mix"\nstart = 2011\n' * 50000)
