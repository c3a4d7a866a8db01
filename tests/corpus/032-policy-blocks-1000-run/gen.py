# Writes the input of this case (too big to keep in git): python3 gen.py OUTPUT
import sys

with open(sys.argv[1], 'w') as f:
    f.write('extends = "baseline.toml"\n'
            + '\n[[policy]]\ninstrument = "tax_incentives"\nstart = 2011\nmatching_rate = 2\n' * 1000)
