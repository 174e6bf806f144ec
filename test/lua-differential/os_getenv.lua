-- os.getenv of set and unset variables
print(os.getenv('DIFF_GREETING'), os.getenv('DIFF_EMPTY'), os.getenv('DIFF_UNSET_VARIABLE'))
print(pcall(os.getenv), pcall(os.getenv, {}))
print(os.getenv(42))
