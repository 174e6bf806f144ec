-- random: prints a few random numbers (the same ones for the same --seed).
print(math.random(1000000), math.random(1000000), math.random())
