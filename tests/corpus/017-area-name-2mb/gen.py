# Writes the input of this case (too big to keep in git): python3 gen.py OUTPUT
import sys

with open(sys.argv[1], 'w') as f:
    f.write('extends = "baseline.toml"\n\n[[shock]]\nshock = "export_controls"\nstart = 2012\nareas = ["' + 'a' * (2 * 1024 * 1024) + '"]\n')
